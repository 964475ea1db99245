"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "./button-styles";

const input = "mt-1 block w-full min-w-0 rounded-lg border border-stone-300 bg-white px-3 py-2";

/** An artist adds a service: name, duration, price. */
export function ServiceForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(
    trpc.service.create.mutationOptions({
      onSuccess: (service) => {
        setDone(`Added ${service.name}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.service.pathKey() });
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setDone(null);
    create.mutate(
      {
        name: String(form.get("name") ?? ""),
        durationMinutes: Number(form.get("duration")),
        priceCents: Math.round(Number(form.get("price")) * 100),
      },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  }

  return (
    <section className="mt-8 rounded-2xl border border-stone-200 bg-white p-4" aria-labelledby="add-service">
      <h2 id="add-service" className="text-lg font-semibold">Add a service</h2>
      <form onSubmit={onSubmit} className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,1fr)_8rem_8rem_auto] sm:items-end">
        <label className="text-sm font-medium text-stone-700">
          Name
          <input name="name" required maxLength={80} placeholder="Bridal makeup" dir="auto" className={input} />
        </label>
        <label className="text-sm font-medium text-stone-700">
          Minutes
          <input name="duration" type="number" required min={15} max={600} step={5} defaultValue={60} className={input} />
        </label>
        <label className="text-sm font-medium text-stone-700">
          Price (£)
          <input name="price" type="number" required min={0} max={100000} step="0.01" defaultValue="50" className={input} />
        </label>
        <button type="submit" disabled={create.isPending} className={buttonClass("primary", "lg")}>
          Add
        </button>
      </form>
      {create.isError && <p role="alert" className="mt-2 text-sm text-red-700">{create.error.message}</p>}
      {done && (
        <p role="status" dir="auto" className="mt-2 text-sm text-emerald-800">
          {done}
        </p>
      )}
    </section>
  );
}
