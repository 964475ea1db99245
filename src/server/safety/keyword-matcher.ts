// PLACEHOLDER until the keyword-filter branch merges (same interface): naive whole-word matching.
export type KeywordAction = "BLOCK" | "FLAG" | "MASK";
export interface FilterTerm { id: string; term: string; action: KeywordAction }
export interface KeywordVerdict { blocked: boolean; text: string; masked: boolean; flagged: { id: string; term: string }[] }
export interface KeywordMatcher { check(text: string): KeywordVerdict; readonly size: number }
export function normalizeTerm(term: string): string {
  return term.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N} ]/gu, "").replace(/\s+/g, " ").trim();
}
export function compileKeywordMatcher(terms: readonly FilterTerm[]): KeywordMatcher {
  return {
    size: terms.length,
    check(text) {
      let out = text;
      const flagged: { id: string; term: string }[] = [];
      let blocked = false;
      for (const t of terms) {
        const re = new RegExp(`\\b${normalizeTerm(t.term).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "giu");
        if (!re.test(text)) continue;
        if (t.action === "BLOCK") blocked = true;
        if (t.action === "FLAG") flagged.push({ id: t.id, term: t.term });
        if (t.action === "MASK") out = out.replace(re, (m) => "*".repeat(m.length));
      }
      return { blocked, text: out, masked: out !== text, flagged };
    },
  };
}
