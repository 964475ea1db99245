import type { Metadata } from "next";
import { KeywordAddForm } from "@/components/admin/KeywordAddForm";
import { KeywordImportForm } from "@/components/admin/KeywordImportForm";
import { KeywordList } from "@/components/admin/KeywordList";

export const metadata: Metadata = { title: "Keywords · Admin" };

const sectionClass = "rounded-2xl border border-stone-200 bg-white p-4 shadow-sm";

export default function AdminKeywordsPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Keywords</h1>
      <p className="mt-1 text-sm text-stone-600">
        Terms the filter looks for in every message. Changes apply at once; capitals and spaces inside a term make no difference.
      </p>
      <div className="mt-4 grid gap-4 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="term-list" className={`${sectionClass} self-start`}>
          <h2 id="term-list" className="text-lg font-semibold">
            Terms
          </h2>
          <KeywordList />
        </section>
        <div className="space-y-4">
          <div className={sectionClass}>
            <KeywordAddForm />
          </div>
          <div className={sectionClass}>
            <KeywordImportForm />
          </div>
        </div>
      </div>
    </>
  );
}
