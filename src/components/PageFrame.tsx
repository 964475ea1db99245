/** The frame of a simple page: a centred column with its title and an optional line under it. */
export function PageFrame({ title, intro, children }: { title: string; intro?: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {intro && <p className="mt-1 text-sm text-stone-600">{intro}</p>}
      {children}
    </div>
  );
}
