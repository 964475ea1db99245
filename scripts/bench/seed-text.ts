/**
 * The words of the bench databases (db:seed-load, bench:search, bench:queries): beauty-services
 * chat as stock phrases and runs of words drawn from a Zipf-like distribution (rank r drawn with
 * probability ∝ 1/r) over a vocabulary of everyday chat words, then salon words, then a long tail
 * of made-up words that stands in for names, brands and misspellings, so a few words are in most
 * messages and most words in hardly any. The same words every run (seeded).
 */
import { pick, seededRandom, type Random } from "./random";

/** A rank in [0, n): rank r drawn with probability ∝ about 1/(r+1) (log-uniform), Zipf's law with s = 1. */
export const zipfIndex = (random: Random, n: number) => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1))) - 1);

/**
 * Chat words from the most used down: everyday words first, then the salon's own. Their place is
 * their Zipf rank, so the first are in most messages and the last in a few hundred.
 */
const EVERYDAY_WORDS = (
  "you i the to for and a is it can my at on do be so that have thanks your me in of hi with we just will what time " +
  "yes ok would if are get like this no thank there see not all but how much please when about book could any " +
  "great perfect lovely love okay sure need want know let tomorrow today morning afternoon evening week next day " +
  "saturday friday sunday monday tuesday wednesday thursday am pm was been still soon back then there's i'm it's " +
  "that's don't can't i'll you're sorry hey hello hiya x xx xxx amazing gorgeous beautiful fab cool brilliant " +
  "free available slot appointment booked booking confirm confirmed cancel reschedule running late minutes hour " +
  "price cost pounds deposit pay paid cash card transfer address postcode parking door bell street road flat " +
  "floor station bus train car near from here there now later after before around about early"
).split(" ");
const SALON_WORDS = (
  "nails gel acrylic manicure pedicure shellac polish colour color nude french tips infill infills refill removal " +
  "soak off file shape almond coffin square oval stiletto length short long chrome glitter ombre art design " +
  "lashes lash extensions classic hybrid volume russian lift tint brows brow lamination threading wax waxing " +
  "henna microblading powder ombré makeup bridal wedding bride bridesmaids prom party trial foundation concealer " +
  "contour highlight lipstick lip liner eyeliner mascara false strip lashes skin facial peel dermaplaning " +
  "hydrafacial serum cleanser moisturiser spf sensitive allergy patch test reaction redness swelling aftercare " +
  "hair cut trim blow dry blowout curls waves straight balayage highlights lowlights babylights toner bleach " +
  "roots regrowth silver blonde brunette copper red caramel honey ash platinum extensions tape weave braids " +
  "knotless cornrows locs twists wig install frontal closure silk press relaxer keratin olaplex treatment " +
  "updo bun ponytail fringe layers bob pixie undercut fade lineup beard shave spray tan tanning massage " +
  "sugaring hollywood brazilian bikini underarm legs full half eyebrow lip chin upper photos pics picture " +
  "inspo inspiration pinterest instagram reference portfolio kit products brand opi gelish cnd biab builder " +
  "structured overlay natural tip dip hard soft rubber base top coat cuticle oil hand cream nailpolish sparkle"
).split(" ");
/** Real words put deep in the tail, so the bench knows a rare one by name. */
export const RARE_WORDS: [rank: number, word: string][] = [
  [4_000, "vitiligo"],
  [12_000, "kintsugi"],
  [30_000, "marquetry"],
];
const TAIL_SIZE = 60_000;

const ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pr", "r", "s", "sh", "sk", "sl", "st", "t", "th", "tr", "v", "w", "z"];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "oo", "ou", "y"];
const CODAS = ["", "", "b", "ck", "d", "g", "k", "l", "m", "n", "nk", "p", "r", "rt", "s", "sh", "ss", "t", "x"];

/** The vocabulary in Zipf rank order: everyday words, salon words, then the made-up long tail. */
export function buildVocabulary(): string[] {
  const random = seededRandom(7_000_001);
  const words = [...new Set([...EVERYDAY_WORDS, ...SALON_WORDS])];
  const seen = new Set([...words, ...RARE_WORDS.map(([, w]) => w)]);
  while (words.length < TAIL_SIZE) {
    let word = "";
    const syllables = 2 + Math.floor(random() * 2);
    for (let s = 0; s < syllables; s++) word += pick(random, ONSETS) + pick(random, VOWELS) + pick(random, CODAS);
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  for (const [rank, word] of RARE_WORDS) words.splice(rank, 0, word);
  return words;
}

/** Whole things people say, also drawn by Zipf rank; {n} a number, {t} a time, {p} a price. */
const STOCK_PHRASES = [
  "Thank you so much!",
  "See you then",
  "Hi, is {t} on Saturday still free?",
  "Perfect, see you tomorrow x",
  "Running about {n} minutes late, so sorry",
  "Can I book a gel infill for next week?",
  "How much for a full set of acrylics?",
  "That would be £{p} including removal",
  "Could you send me some pics of your work?",
  "I've sent the deposit",
  "Deposit received, you're all booked in",
  "Is there parking near the studio?",
  "Do you do patch tests for lash tint?",
  "My nails lifted after a week, can you fix them?",
  "Can we move my appointment to {t}?",
  "Lovely, thank you for coming today",
  "What colour are you thinking?",
  "I'd like something nude with a bit of chrome",
  "Bridal trial first, then the wedding in June",
  "Please arrive {n} minutes early",
  "Keep them dry for 24 hours",
  "Avoid oil based cleansers for a couple of days",
  "Running a little behind today, sorry!",
  "Do you have anything earlier?",
  "The studio is on the second floor above the bakery",
  "Happy to do a classic set with a few hybrid lashes",
  "Balayage usually takes around three hours",
  "Can you do knotless braids waist length?",
  "Brow lamination and tint please",
  "Your lashes look amazing in the photos!",
];

const PLACEHOLDERS: Record<string, (random: Random) => string> = {
  "{n}": (random) => String(5 + Math.floor(random() * 25)),
  "{t}": (random) => `${9 + Math.floor(random() * 9)}:${pick(random, ["00", "15", "30", "45"])}`,
  "{p}": (random) => String(25 + Math.floor(random() * 120)),
};

const fillPhrase = (phrase: string, random: Random) => phrase.replace(/\{[ntp]\}/g, (slot) => PLACEHOLDERS[slot]!(random));

/** One chat message: a stock phrase, a run of Zipf-drawn words, or both. */
export function chatLine(random: Random, vocabulary: readonly string[]): string {
  const kind = random();
  if (kind < 0.15) return fillPhrase(STOCK_PHRASES[zipfIndex(random, STOCK_PHRASES.length)]!, random);
  // 2 to ~25 words, most 4–10.
  const count = 2 + Math.floor(-Math.log(1 - random()) * 6);
  const words: string[] = [];
  for (let i = 0; i < Math.min(count, 40); i++) words.push(vocabulary[zipfIndex(random, vocabulary.length)]!);
  let line = words.join(" ");
  line = line[0]!.toUpperCase() + line.slice(1) + pick(random, ["", "", "", ".", "!", "?", " x", " 💅", " ✨", " 😊"]);
  return kind < 0.3 ? `${fillPhrase(pick(random, STOCK_PHRASES), random)} ${line}` : line;
}

export const HIDDEN = "[contact details hidden]";
export function phoneNumber(random: Random): string {
  return `07${Math.floor(100 + random() * 900)} ${Math.floor(100_000 + random() * 900_000)}`;
}

