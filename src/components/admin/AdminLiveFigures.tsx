import type { RouterOutputs } from "@/lib/trpc";
import { StatCard, statGridClassName } from "./StatCard";

type LiveFigures = RouterOutputs["admin"]["stats"]["live"];

const count = new Intl.NumberFormat();
const ms = (value: number | null) => (value === null ? "—" : `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} ms`);
const LATENCY_HINT =
  "From a message's commit to its frame going to a recipient's socket. Estimated from the histogram's buckets (1, 2.5, 5, 10, 25, 50, 100, 250 ms…), as Prometheus does: a figure inside a bucket is interpolated.";

/**
 * /admin's "Live" group: the counters GET /api/metrics serves, summed over every running process
 * (shared through Redis). Counts run from each process's start.
 */
export function AdminLiveFigures({ live, refreshSeconds }: { live: LiveFigures; refreshSeconds: number }) {
  const sent = live.messagesSent;
  const latency = live.deliveryLatency;
  return (
    <section aria-labelledby="admin-live-heading" className="mt-8">
      <h2 id="admin-live-heading" className="text-lg font-semibold">
        Live
      </h2>
      <p className="mt-1 text-sm text-stone-600" data-testid="admin-live-scope">
        {live.processes === 1 ? "1 server process reporting" : `${count.format(live.processes)} server processes reporting`}; counts since those
        processes started. Refreshed every {refreshSeconds} seconds.
      </p>
      {live.partial && (
        <p role="status" className="mt-2 text-sm text-amber-800">
          Redis is not answering: these are the figures of one process only.
        </p>
      )}
      <dl className={statGridClassName} data-testid="admin-live">
        <StatCard label="Open sockets" value={live.openSockets} />
        <StatCard label="Active subscriptions" value={live.activeSubscriptions} />
        <StatCard
          label="Messages sent"
          value={sent.TEXT + sent.IMAGE + sent.SYSTEM}
          detail={`${count.format(sent.TEXT)} text · ${count.format(sent.IMAGE)} photo · ${count.format(sent.SYSTEM)} system notices`}
        />
        <StatCard
          label="Delivery time, median"
          value={ms(latency.p50Ms)}
          detail={`95th percentile ${ms(latency.p95Ms)} over ${count.format(latency.deliveries)} deliveries; estimated from histogram buckets`}
          hint={LATENCY_HINT}
        />
        <StatCard label="Push notifications waiting" value={live.push.queueDepth} />
        <StatCard label="Failed push deliveries" value={live.push.failures} attention={live.push.failures > 0} hint="Attempts that failed; most are retried." />
        <StatCard
          label="Event bus publish failures"
          value={live.bus.publishFailures}
          attention={live.bus.publishFailures > 0}
          detail={`${count.format(live.bus.resyncs)} resyncs`}
          hint="Events Redis could not take, and the times the bus told its listeners to read again what they may have missed."
        />
        <StatCard label="Rate-limit refusals" value={live.rateLimitRefusals} hint="Calls refused by a fair limit (too many sends, sign-ins, uploads…)." />
        <StatCard label="API errors" value={live.trpcErrors} hint="tRPC calls that ended in an error of any kind, including a person's own mistakes (not found, refused)." />
      </dl>
    </section>
  );
}
