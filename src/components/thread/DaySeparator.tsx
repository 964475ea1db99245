import { formatDay } from "@/lib/format";
import { LocalTime } from "../LocalTime";

/** "Today", "Yesterday", "Sat 14 March": where a new day starts in the thread. */
export function DaySeparator({ date }: { date: Date }) {
  return (
    <li className="my-3 flex items-center gap-3" data-testid="day-separator">
      <span aria-hidden className="h-px flex-1 bg-stone-200" />
      <h3 className="text-xs font-medium text-stone-600">
        <LocalTime date={date} show={formatDay} />
      </h3>
      <span aria-hidden className="h-px flex-1 bg-stone-200" />
    </li>
  );
}
