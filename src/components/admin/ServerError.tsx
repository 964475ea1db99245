/** A refusal or failure from the server, in its own sentence, read out as soon as it appears. */
export function ServerError({ error, className = "" }: { error: { message: string } | null | undefined; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={`rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ${className}`}>
      {error.message}
    </p>
  );
}
