/**
 * The app's buttons. Disabled ones turn grey rather than transparent, so their label stays
 * legible (contrast at least 4.5:1) while saying "not now".
 */

const base = "inline-flex items-center justify-center font-medium disabled:cursor-not-allowed";

const KIND = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-stone-200 disabled:text-stone-600",
  /** An action that takes something away (block): it must not look like the safe choice. */
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-stone-200 disabled:text-stone-600",
  secondary: "border border-stone-300 bg-white text-stone-800 hover:bg-stone-100 disabled:bg-stone-100 disabled:text-stone-600",
} as const;

const SIZE = {
  sm: "px-2.5 py-1 text-xs",
  md: "px-3.5 py-2 text-sm",
  lg: "px-4 py-2.5",
} as const;

export function buttonClass(kind: keyof typeof KIND, size: keyof typeof SIZE = "md", shape: "rounded" | "pill" = "rounded"): string {
  return `${base} ${KIND[kind]} ${SIZE[size]} ${shape === "pill" ? "rounded-full" : "rounded-lg"}`;
}
