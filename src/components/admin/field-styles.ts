/** The console's text fields: the look of the sign-in form's, so one app reads as one. */
export const fieldClass =
  "block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm placeholder:text-stone-500 focus:border-brand-500";
