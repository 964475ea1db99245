"use client";

import { useEffect, useLayoutEffect, useRef, useState, type UIEvent } from "react";
import { followsNewest, type ThreadTail } from "./follow-newest";

/** Within this distance of the bottom, the reader is "at the bottom" and follows new messages. */
const NEAR_BOTTOM_PX = 120;

/**
 * How a thread scrolls: it opens at the newest message; when older messages are added above, the
 * view stays still (no jump); new messages are followed only when the reader is at the bottom or
 * just wrote the last one (followsNewest); older pages load when the top comes near; what is seen is marked read.
 * `seenThroughSeq` is the newest message shown while the reader was last at the bottom: what
 * arrived after it waits below a reader who scrolled up (the new-message pill counts it).
 */
export function useThreadScroll({
  oldestSeq,
  newestSeq,
  pendingCount,
  lastIsMine,
  olderBeforeSeq,
  loadOlder,
  markSeen,
}: {
  oldestSeq: number;
  newestSeq: number;
  pendingCount: number;
  lastIsMine: boolean;
  /** Null when the oldest page is shown. */
  olderBeforeSeq: number | null;
  loadOlder: () => Promise<void>;
  markSeen: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ oldestSeq: number; height: number; tail: ThreadTail } | null>(null);
  const [seenThroughSeq, setSeenThroughSeq] = useState(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = previous.current;
    const tail = { newestSeq, pendingCount, lastIsMine };
    if (before && oldestSeq < before.oldestSeq && before.oldestSeq !== 0) {
      el.scrollTop += el.scrollHeight - before.height;
    } else if (followsNewest(atBottom.current, before?.tail ?? null, tail)) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
      // Before paint: a message followed to the bottom never flashes the pill.
      setSeenThroughSeq(newestSeq);
    }
    previous.current = { oldestSeq, height: el.scrollHeight, tail };
  }, [oldestSeq, newestSeq, pendingCount, lastIsMine]);

  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || olderBeforeSeq === null) return;
    const observer = new IntersectionObserver((entries) => entries[0]?.isIntersecting && void loadOlder(), {
      root: scroller.current,
      rootMargin: "200px 0px 0px 0px",
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [loadOlder, olderBeforeSeq]);

  useEffect(() => {
    if (atBottom.current) markSeen();
    const onVisible = () => atBottom.current && markSeen();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [markSeen]);

  function onScroll(event: UIEvent<HTMLElement>) {
    const el = event.currentTarget;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (atBottom.current) {
      setSeenThroughSeq(newestSeq);
      markSeen();
    }
  }

  /** To the newest message (the pill's click): the list keeps the keyboard focus the pill had. */
  function scrollToBottom() {
    const el = scroller.current;
    if (!el) return;
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    el.scrollTo({ top: el.scrollHeight, behavior: reduceMotion ? "auto" : "smooth" });
    el.focus({ preventScroll: true });
    atBottom.current = true;
    setSeenThroughSeq(newestSeq);
    markSeen();
  }

  return { scroller, topSentinel, onScroll, seenThroughSeq, scrollToBottom };
}
