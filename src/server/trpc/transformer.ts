import superjson from "superjson";

/**
 * superjson, serialising a frozen object once however many sockets it goes to. A message is
 * published as one frozen object (message-log.ts) which every subscriber of its conversation
 * yields, and tRPC's WebSocket adapter serialises each subscription's `{ id, data }` (the tracked
 * event id and the item) per socket: the item's part is kept from the first time. Frozen means it
 * cannot change, so that first result stays right; anything else is serialised as usual.
 */
type Serialised = ReturnType<typeof superjson.serialize>;

const serialisedItems = new WeakMap<object, Serialised>();

function serialiseFrozen(item: object): Serialised {
  let result = serialisedItems.get(item);
  if (!result) serialisedItems.set(item, (result = superjson.serialize(item)));
  return result;
}

/** A tracked subscription event (`{ id, data }`) whose item is frozen. */
function isTrackedFrozen(value: unknown): value is { id: string; data: object } {
  if (typeof value !== "object" || value === null) return false;
  const { id, data } = value as { id?: unknown; data?: unknown };
  return typeof id === "string" && typeof data === "object" && data !== null && Object.isFrozen(data) && Object.keys(value).length === 2;
}

/** The envelope's serialisation from the item's: superjson's paths of the item, under "data". */
function inEnvelope(id: string, item: Serialised): Serialised | null {
  const { meta } = item;
  if (!meta) return { json: { id, data: item.json } };
  // Only plain type annotations (Dates) are moved under "data"; anything rarer is done in full.
  const { values, v, ...rest } = meta;
  if (Object.keys(rest).length > 0 || Array.isArray(values)) return null;
  const moved = values && Object.fromEntries(Object.entries(values).map(([path, type]) => [`data.${path}`, type]));
  return { json: { id, data: item.json }, meta: { ...(moved ? { values: moved } : {}), ...(v === undefined ? {} : { v }) } };
}

function serialize(value: unknown): Serialised {
  if (isTrackedFrozen(value)) return inEnvelope(value.id, serialiseFrozen(value.data)) ?? superjson.serialize(value);
  if (typeof value === "object" && value !== null && Object.isFrozen(value)) return serialiseFrozen(value);
  return superjson.serialize(value);
}

export const transformer = {
  input: superjson,
  output: { serialize, deserialize: superjson.deserialize.bind(superjson) },
};
