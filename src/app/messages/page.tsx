import type { Metadata } from "next";

export const metadata: Metadata = { title: "Messages" };

export default function MessagesIndex() {
  return (
    <div className="flex flex-1 items-center justify-center p-6 text-center text-sm text-stone-600">
      Choose a conversation to read it here.
    </div>
  );
}
