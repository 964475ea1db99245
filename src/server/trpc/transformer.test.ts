import superjson from "superjson";
import { describe, expect, it, vi } from "vitest";
import { transformer } from "./transformer";

const message = () =>
  Object.freeze({
    id: "cmessage00000000000000000",
    seq: 7,
    text: "Hello",
    createdAt: new Date("2026-11-24T10:00:00.000Z"),
    clientId: null,
    attachments: Object.freeze([Object.freeze({ id: "cupload000000000000000000", width: 4, height: 3 })]),
  });

describe("the output transformer", () => {
  it("serialises a frozen item of tracked events once, each envelope exactly as superjson would", () => {
    const item = message();
    const spy = vi.spyOn(superjson, "serialize");
    try {
      const forSocketA = transformer.output.serialize({ id: "7", data: item });
      const forSocketB = transformer.output.serialize({ id: "7", data: item });
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
      expect(forSocketA).toEqual(superjson.serialize({ id: "7", data: item }));
      expect(forSocketB).toEqual(forSocketA);
      expect(superjson.deserialize(JSON.parse(JSON.stringify(forSocketA)))).toEqual({ id: "7", data: item });
    } finally {
      spy.mockRestore();
    }
  });

  it("serialises anything that is not frozen every time, as it may have changed", () => {
    const item = { seq: 1, createdAt: new Date(0) };
    const first = transformer.output.serialize({ id: "1", data: item });
    item.seq = 2;
    const second = transformer.output.serialize({ id: "1", data: item });
    expect(first).toEqual(superjson.serialize({ id: "1", data: { seq: 1, createdAt: new Date(0) } }));
    expect(second).toEqual(superjson.serialize({ id: "1", data: item }));
  });

  it("serialises a frozen value on its own once, and values without annotations", () => {
    const item = message();
    expect(transformer.output.serialize(item)).toEqual(superjson.serialize(item));
    const plain = Object.freeze({ a: 1 });
    expect(transformer.output.serialize({ id: "x", data: plain })).toEqual(superjson.serialize({ id: "x", data: plain }));
    expect(transformer.output.serialize("text")).toEqual(superjson.serialize("text"));
  });
});
