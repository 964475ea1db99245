import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

const links = (text: string) => linkify(text).filter((part) => part.href);

describe("linkify", () => {
  it("keeps the text exactly, links or not", () => {
    const text = "Portfolio: https://glow.example/ava?look=bridal. Mail ava@studio.co.uk or call +44 20 7946 0958!";
    expect(linkify(text).map((p) => p.text).join("")).toBe(text);
  });

  it("links web addresses, leaving sentence punctuation outside", () => {
    expect(links("See https://glow.example/a_(b)?q=1). Thanks")).toEqual([
      { text: "https://glow.example/a_(b)?q=1", href: "https://glow.example/a_(b)?q=1" },
    ]);
    expect(links("or www.glowbeauty.com, either")).toEqual([{ text: "www.glowbeauty.com", href: "http://www.glowbeauty.com" }]);
  });

  it("links emails as mailto:", () => {
    expect(links("Write to ava@studio.co.uk.")).toEqual([{ text: "ava@studio.co.uk", href: "mailto:ava@studio.co.uk" }]);
  });

  it("links phone numbers as tel: with their digits", () => {
    expect(links("Call +44 20 7946 0958 today")).toEqual([{ text: "+44 20 7946 0958", href: "tel:+442079460958" }]);
    expect(links("Mobile 07946 095812")).toEqual([{ text: "07946 095812", href: "tel:07946095812" }]);
    expect(links("(555) 123-4567 after six")).toEqual([{ text: "(555) 123-4567", href: "tel:5551234567" }]);
  });

  it("does not take dates, times, prices, order numbers or versions for phone numbers", () => {
    for (const text of ["On 2026-03-14 at 10:00", "£120.00 for 2 people", "Order 123456789012", "v1.2.3", "14/03/2026", "192.168.1.10"]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it("links nothing but http(s), mailto and tel", () => {
    for (const text of ["javascript:alert(1)", "ftp://files.example.com/x", "//evil.example/x", "data:text/html,<b>x</b>", "file:///etc/passwd"]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it("leaves a message without links as one plain part, and an empty one as none", () => {
    expect(linkify("See you on Saturday")).toEqual([{ text: "See you on Saturday" }]);
    expect(linkify("")).toEqual([]);
  });

  it("links an address inside right-to-left text", () => {
    expect(links("مرحبا https://glow.example/ar شكرا")).toEqual([{ text: "https://glow.example/ar", href: "https://glow.example/ar" }]);
  });
});
