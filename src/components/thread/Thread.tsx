"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState } from "react";
import type { OutgoingPhoto } from "@/lib/thread-state";
import { useTRPC, type Message } from "@/lib/trpc";
import { useConversationEvents } from "@/lib/use-conversation-events";
import { useThread } from "@/lib/use-thread";
import { useTypingAnnouncer } from "@/lib/use-typing-announcer";
import { EnableNotifications } from "../notifications/EnableNotifications";
import { OfflineNote } from "../OfflineNote";
import { BlockDialog } from "../safety/BlockDialog";
import { ReportDialog, type ReportTarget } from "../safety/ReportDialog";
import { Composer, type ComposerHandle } from "./Composer";
import { Lightbox, type LightboxPhoto } from "./Lightbox";
import { MessageList } from "./MessageList";
import { SendingClosed } from "./SendingClosed";
import { ThreadHeader } from "./ThreadHeader";
import type { BubbleEntry } from "./thread-entry";
import { TypingIndicator } from "./TypingIndicator";
import { useLiveConversation } from "./use-live-conversation";

/** The report or block dialog open over the thread, if any. */
type SafetyDialog = { kind: "report"; target: ReportTarget; subject: string } | { kind: "block" };

/**
 * A conversation: header (with the other person's presence), history (older pages load on scroll
 * up, without a jump; "Seen" and "Sent" under mine), live messages, "… is typing", composer — or,
 * while a block stands between the two, why nothing can be sent. Mounted per conversation (keyed
 * by its id): its live state starts afresh with each.
 */
export function Thread({
  conversationId,
  meId,
  backHref,
  headerAction,
}: {
  conversationId: string;
  meId: string;
  backHref?: string;
  /** Rendered at the end of the header (the drawer's close button). */
  headerAction?: React.ReactNode;
}) {
  const trpc = useTRPC();
  const conversation = useQuery(trpc.conversation.byId.queryOptions({ id: conversationId }));
  const thread = useThread(conversationId);
  useLiveConversation(conversationId);
  const composer = useRef<ComposerHandle>(null);
  const [lightbox, setLightbox] = useState<{ photos: LightboxPhoto[]; index: number; caption: string } | null>(null);
  const [dropping, setDropping] = useState(false);
  const openPhoto = useCallback(
    (entry: BubbleEntry, index: number) => {
      if (entry.message) setLightbox({ photos: entry.message.attachments, index, caption: entry.message.text });
    },
    [],
  );
  const closeLightbox = useCallback(() => setLightbox(null), []);
  const [safetyDialog, setSafetyDialog] = useState<SafetyDialog | null>(null);
  const closeSafetyDialog = useCallback(() => setSafetyDialog(null), []);

  const other = conversation.data?.participant;
  const otherLastReadSeq = conversation.data?.otherLastReadSeq ?? null;
  const otherLastReadAt = conversation.data?.otherLastReadAt ?? null;
  const known = useMemo(
    () => (otherLastReadSeq === null ? null : { seq: otherLastReadSeq, at: otherLastReadAt }),
    [otherLastReadSeq, otherLastReadAt],
  );
  const live = useConversationEvents({ conversationId, otherId: other?.id, known, messages: thread.messages });
  const typing = useTypingAnnouncer(conversationId);
  const { send: sendMessage } = thread;
  const send = useCallback(
    (text: string, photos: OutgoingPhoto[]) => {
      typing.sent();
      sendMessage(text, photos);
    },
    [typing, sendMessage],
  );
  // Push permission is asked in context: once I have written here (it renders nothing otherwise).
  const iHaveWritten = thread.pending.length > 0 || thread.messages.at(-1)?.senderId === meId;
  // Until the server says otherwise (or while only a copy from before blocks is known), sending is open.
  const canSend = conversation.data?.canSend ?? true;
  const blockedByMe = conversation.data?.blockedByMe ?? false;
  const reportMessage = useCallback(
    (message: Message) => setSafetyDialog({ kind: "report", target: { messageId: message.id }, subject: "this message" }),
    [],
  );
  // A refused message (the keyword filter's answer, say) is reworded in the composer, not retried as is.
  const restoreRefused = (clientId: string) => {
    const refused = thread.pending.find((p) => p.clientId === clientId);
    if (!refused) return;
    composer.current?.restoreText(refused.text);
    thread.discard(clientId);
  };
  const notFound = thread.loadError ?? (conversation.error?.data?.code === "NOT_FOUND" ? conversation.error.message : null);
  if (notFound) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
        <p role="alert" className="text-stone-700">{notFound}</p>
        <Link href="/messages" className="font-medium text-brand-700 underline">
          Back to messages
        </Link>
      </div>
    );
  }

  return (
    <section
      aria-label={other ? `Conversation with ${other.name}` : "Conversation"}
      className={`relative flex min-h-0 min-w-0 flex-1 flex-col bg-stone-50 ${dropping ? "ring-2 ring-inset ring-brand-500" : ""}`}
      onDragOver={(event) => {
        if (!canSend || !event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(event) => {
        if (!event.dataTransfer.files.length) return;
        event.preventDefault();
        setDropping(false);
        composer.current?.addFiles([...event.dataTransfer.files]);
      }}
    >
      <ThreadHeader
        conversationId={conversationId}
        other={other}
        presence={live.presence}
        blockedByMe={blockedByMe}
        state={conversation.data && { muted: conversation.data.muted, archived: conversation.data.archived }}
        backHref={backHref}
        action={headerAction}
        onReport={() => other && setSafetyDialog({ kind: "report", target: { userId: other.id }, subject: other.name })}
        onBlock={() => setSafetyDialog({ kind: "block" })}
      />
      <OfflineNote />
      <MessageList
        thread={thread}
        meId={meId}
        otherName={other?.name}
        onOpenPhoto={openPhoto}
        onEdit={canSend ? restoreRefused : undefined}
        onReport={reportMessage}
        read={live.read}
      />
      <TypingIndicator name={other?.name} typing={live.typing} />
      {canSend && iHaveWritten && <EnableNotifications variant="inline" />}
      {canSend || !other ? (
        <Composer ref={composer} conversationId={conversationId} onSend={send} onTextChange={canSend ? typing.textChanged : undefined} />
      ) : (
        <SendingClosed person={other} blockedByMe={blockedByMe} personDeleted={conversation.data?.participantDeleted ?? false} />
      )}
      {lightbox && <Lightbox photos={lightbox.photos} start={lightbox.index} caption={lightbox.caption} onClose={closeLightbox} />}
      {safetyDialog?.kind === "report" && <ReportDialog target={safetyDialog.target} subject={safetyDialog.subject} onClose={closeSafetyDialog} />}
      {safetyDialog?.kind === "block" && other && <BlockDialog person={other} onClose={closeSafetyDialog} />}
    </section>
  );
}
