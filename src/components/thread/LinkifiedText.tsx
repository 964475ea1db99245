import { useMemo } from "react";
import { linkify } from "@/lib/linkify";

/**
 * Message text with its web addresses, emails and phone numbers as links. React elements, never
 * HTML: what someone typed is only ever text.
 */
export function LinkifiedText({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text]);
  return parts.map((part, i) =>
    part.href ? (
      <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow" className="underline underline-offset-2">
        {part.text}
      </a>
    ) : (
      part.text
    ),
  );
}
