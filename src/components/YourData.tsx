"use client";

import { useState } from "react";
import { accountSectionClass } from "./AccountSecurity";
import { buttonClass } from "./button-styles";
import { DeleteAccountDialog } from "./DeleteAccountDialog";

/** The account page's "Your data": download a copy of it, or delete the account. */
export function YourData({ canDelete }: { canDelete: boolean }) {
  const [deleting, setDeleting] = useState(false);
  return (
    <section className={accountSectionClass} aria-labelledby="your-data">
      <h2 id="your-data" className="text-lg font-semibold">
        Your data
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        A zip file with your profile, your conversations and messages (as JSON) and the photos you sent.
      </p>
      {/* A plain link: the browser downloads the file as it is written, however large. */}
      <a href="/api/me/export" download className={`${buttonClass("secondary")} mt-4`} data-testid="download-my-data">
        Download my data
      </a>
      {canDelete && (
        <div className="mt-6 border-t border-stone-200 pt-5">
          <h3 className="font-semibold">Delete my account</h3>
          <p className="mt-1 text-sm text-stone-600">
            You are signed out everywhere, and your profile, photos and the text of your messages are erased. The people you talked to
            see &ldquo;Deleted user&rdquo;; bookings keep their record without your name. This can&apos;t be undone.
          </p>
          <button type="button" onClick={() => setDeleting(true)} className={`${buttonClass("danger")} mt-4`}>
            Delete my account
          </button>
        </div>
      )}
      {deleting && <DeleteAccountDialog onClose={() => setDeleting(false)} />}
    </section>
  );
}
