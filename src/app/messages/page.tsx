import type { Metadata } from "next";
import { isArchivedView } from "@/components/inbox-view";

export async function generateMetadata({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }): Promise<Metadata> {
  return { title: isArchivedView((await searchParams).view) ? "Archived" : "Messages" };
}

export default function MessagesIndex() {
  return (
    <div className="flex flex-1 items-center justify-center p-6 text-center text-sm text-stone-600">
      Choose a conversation to read it here.
    </div>
  );
}
