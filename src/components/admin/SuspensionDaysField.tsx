"use client";

import { useId } from "react";
import { fieldClass, hintClass, labelClass } from "./admin-field-styles";

/** The days a suspension lasts, as typed: empty means until Glow support lifts it. */
export const suspensionDaysOf = (typed: string): number | undefined => (typed.trim() === "" ? undefined : Number(typed));

/** "Days" for a suspension (from a report or from the user directory), saying what empty means. */
export function SuspensionDaysField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const id = useId();
  const hintId = useId();
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        Days <span className="font-normal text-stone-600">(optional)</span>
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hintId}
        className={`${fieldClass} max-w-[10rem]`}
      />
      <p id={hintId} className={hintClass}>
        Leave empty to suspend until an admin lifts it.
      </p>
    </div>
  );
}
