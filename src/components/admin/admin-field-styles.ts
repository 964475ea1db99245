/** The admin console's form controls: one look for every field, full width on a phone. */
export const fieldClass =
  "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm placeholder:text-stone-500 focus:border-brand-500";

export const labelClass = "block text-sm font-medium text-stone-800";

export const hintClass = "mt-1 text-xs text-stone-600";
