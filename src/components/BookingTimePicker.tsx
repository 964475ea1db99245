"use client";

import { useMemo, useState } from "react";
import { formatDay, formatMonth, formatTime } from "@/lib/format";
import { bookableTimes, dayValue, slotStart, upcomingDays } from "./booking-slots";
import { useHydrated } from "./LocalTime";

const select = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2";

/**
 * A day and a time, written the way the viewer writes dates (never a US-style date field beside
 * prices in pounds): a day select ("Tomorrow", "Sat 21 March", grouped by month) and a time
 * select in 15-minute steps. The form reads them as `day` and `time`: see `startsAtFrom`.
 */
export function BookingTimePicker() {
  const hydrated = useHydrated();
  // The viewer's clock and zone exist only in the browser; the server renders the selects empty.
  const [now] = useState(() => new Date());
  const days = useMemo(() => upcomingDays(now), [now]);
  const months = useMemo(() => groupByMonth(days), [days]);
  const [day, setDay] = useState(() => dayValue(days[1]!));
  const [time, setTime] = useState(10 * 60);
  const times = useMemo(() => bookableTimes(day, now), [day, now]);
  const chosenTime = times.includes(time) ? time : (times[0] ?? null);

  return (
    <fieldset className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem]">
      <legend className="mb-1 text-sm font-medium text-stone-700">Date and time</legend>
      <label className="block min-w-0 text-sm font-medium text-stone-700">
        Day
        <select name="day" className={select} value={day} disabled={!hydrated} onChange={(event) => setDay(event.target.value)}>
          {hydrated &&
            months.map((month) => (
              <optgroup key={month.key} label={formatMonth(month.days[0]!)}>
                {month.days.map((d) => (
                  <option key={dayValue(d)} value={dayValue(d)}>
                    {formatDay(d, now)}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
      </label>
      <label className="block min-w-0 text-sm font-medium text-stone-700">
        Time
        <select
          name="time"
          className={select}
          value={chosenTime ?? ""}
          disabled={!hydrated || chosenTime === null}
          onChange={(event) => setTime(Number(event.target.value))}
        >
          {hydrated &&
            times.map((minutes) => (
              <option key={minutes} value={minutes}>
                {formatTime(slotStart(day, minutes))}
              </option>
            ))}
        </select>
      </label>
    </fieldset>
  );
}

/** The moment the picker's fields name, or null when no time is left to choose. */
export function startsAtFrom(form: FormData): Date | null {
  const day = form.get("day");
  const time = form.get("time");
  return typeof day === "string" && typeof time === "string" && time !== "" ? slotStart(day, Number(time)) : null;
}

function groupByMonth(days: Date[]): { key: string; days: Date[] }[] {
  const months: { key: string; days: Date[] }[] = [];
  for (const d of days) {
    const key = `${d.getFullYear()}-${d.getMonth()}`;
    const current = months.at(-1);
    if (current?.key === key) current.days.push(d);
    else months.push({ key, days: [d] });
  }
  return months;
}
