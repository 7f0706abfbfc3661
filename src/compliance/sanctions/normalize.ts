/**
 * @module Name normalisation for sanctions screening.
 *
 * Case, diacritics and punctuation are folded; `LAST, First` list names are split into surname
 * and given-name tokens so the scorer can tell "same surname, different person" from "missing
 * middle name"; honorifics are dropped from people and legal forms from organisations. Word order
 * is not normalised here: the scorer aligns tokens, so order never matters.
 *
 * Two token markers carry spelling facts the scorer needs:
 * - `al_zawahiri`: an Arabic article written as its own word (`AL-ZAWAHIRI`, `al Zawahiri`). The
 *   scorer compares such tokens without the article, and also against solid spellings
 *   (`ALZAWAHIRI`). Solid `al…` tokens stay unmarked: `Alexander` has no article.
 * - `bel+kap+steel`: a compound, from hyphenated list words or from joining two query words. It
 *   only matches the same letters exactly (`belkapsteel`), never fuzzily: Jaro-Winkler on two long
 *   compounds sharing one half (`aero+caribbean`, `anglo+caribbean`) is high and meaningless.
 */
import type { SdnType } from './ofac-parser.ts'

/** Where a token sits in a `LAST, First` list name; `any` for queries and unstructured names. */
export type TokenPart = 'surname' | 'given' | 'any'

export interface NameForm {
  tokens: string[]
  parts: TokenPart[]
}

/** Which word lists apply: people lose honorifics, organisations lose legal forms. */
export type NameKind = 'person' | 'org' | 'craft'

export function kindOf(type: SdnType): NameKind {
  return type === 'individual' ? 'person' : type === 'entity' ? 'org' : 'craft'
}

// Connectives that carry no identity in the languages the SDN list transliterates from.
const STOPWORDS = wordSet(
  'de del la las los y e da das do dos du des di van von der den bin ibn bint the of and for ' +
    'et und'
)
const HONORIFICS = wordSet(
  'dr doctor mr mrs ms miss sir prof professor sheikh sheik shaykh shaikh haji hajji mullah ' +
    'mulla maulana mawlawi maulvi imam general gen colonel col captain capt jr sr ii iii iv'
)
// Legal forms, written with their dots removed (`S.A.` → `sa`, `S.R.O.` → `sro`).
const LEGAL_FORMS = wordSet(
  'ltd limited llc inc incorporated corp corporation co company sa plc gmbh ag srl sro bv nv ' +
    'ab as jsc ojsc pjsc cjsc ooo oao zao pao ao llp lp pte pty sarl spa kg sas ltda cia fze ' +
    'fzc fzco dmcc ano bhd scs sl oy kft zrt doo ead tov'
)
const ARTICLES = wordSet('al el')
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
}

function wordSet(words: string): Set<string> {
  return new Set(words.split(' '))
}

export const ARTICLE_MARK = '_'
export const COMPOUND_MARK = '+'

/** Folds case, diacritics and punctuation; hyphens stay as ` - ` so compounds can be rebuilt. */
export function foldText(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/['’‘`´.]/g, '')
    .replace(/-/g, ' - ')
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

interface Word {
  text: string
  /** Joined to the next word by a hyphen in the source. */
  hyphen: boolean
}

function words(folded: string): Word[] {
  const out: Word[] = []
  for (const w of folded.split(' ')) {
    if (w === '-') {
      const last = out[out.length - 1]
      if (last) last.hyphen = true
    } else if (w !== '') {
      out.push({ text: w, hyphen: false })
    }
  }
  return out
}

function cleanWords(ws: Word[], kind: NameKind): Word[] {
  const joined: Word[] = []
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!
    const next = ws[i + 1]
    if (ARTICLES.has(w.text) && next && !STOPWORDS.has(next.text) && !ARTICLES.has(next.text)) {
      joined.push({ text: w.text + ARTICLE_MARK + next.text, hyphen: next.hyphen })
      i++
    } else {
      joined.push({ ...w })
    }
  }
  const drop = kind === 'person' ? HONORIFICS : kind === 'org' ? LEGAL_FORMS : null
  return joined.filter((w) => !STOPWORDS.has(w.text) && !(drop?.has(w.text) ?? false))
}

/** Tokens as written, plus the hyphen-compound variant when the name has hyphenated words. */
function variants(ws: Word[]): string[][] {
  const plain = ws.map((w) => w.text)
  if (!ws.some((w, i) => w.hyphen && i + 1 < ws.length)) return [plain]
  const compound: string[] = []
  let current = ''
  ws.forEach((w, i) => {
    current = current === '' ? w.text : current + COMPOUND_MARK + w.text
    if (!(w.hyphen && i + 1 < ws.length)) {
      compound.push(current)
      current = ''
    }
  })
  return [plain, compound]
}

/**
 * Normalises one name into its forms (two when hyphenated words may also be written joined).
 * `structured` marks a list name written `LAST, First` (individuals in SDN.CSV/ALT.CSV).
 */
export function nameForms(raw: string, kind: NameKind, structured = false): NameForm[] {
  const comma = structured ? raw.indexOf(',') : -1
  let surname = cleanWords(words(foldText(comma === -1 ? raw : raw.slice(0, comma))), kind)
  let given = comma === -1 ? [] : cleanWords(words(foldText(raw.slice(comma + 1))), kind)
  if (surname.length + given.length === 0) {
    // A name made only of dropped words (an entity called "Co.") keeps them rather than vanish.
    surname = words(foldText(raw)).map((w) => ({ ...w, hyphen: false }))
    given = []
  }
  const forms: NameForm[] = []
  const seen = new Set<string>()
  const givenVariants = variants(given)
  const surnameVariants = variants(surname)
  for (let v = 0; v < Math.max(givenVariants.length, surnameVariants.length); v++) {
    const g = givenVariants[Math.min(v, givenVariants.length - 1)]!
    const s = surnameVariants[Math.min(v, surnameVariants.length - 1)]!
    const key = [...g, '|', ...s].join(' ')
    if (seen.has(key) || g.length + s.length === 0) continue
    seen.add(key)
    const surnamePart: TokenPart = comma === -1 || g.length === 0 ? 'any' : 'surname'
    forms.push({
      tokens: [...g, ...s],
      parts: [...g.map((): TokenPart => 'given'), ...s.map(() => surnamePart)],
    })
  }
  return forms
}

/**
 * Query forms: the name as typed plus variants with two adjacent words joined into a compound,
 * because people split and join compound names freely (`Santa Cruz` / `SANTACRUZ`).
 */
export function queryForms(raw: string, kind: NameKind): string[][] {
  const out: string[][] = []
  const seen = new Set<string>()
  const add = (tokens: string[]) => {
    const key = tokens.join(' ')
    if (tokens.length > 0 && !seen.has(key)) {
      seen.add(key)
      out.push(tokens)
    }
  }
  for (const form of nameForms(raw, kind)) {
    add(form.tokens)
    const t = form.tokens
    if (t.length <= 5) {
      for (let i = 0; i + 1 < t.length; i++) {
        add([...t.slice(0, i), t[i]! + COMPOUND_MARK + t[i + 1]!, ...t.slice(i + 2)])
      }
    }
  }
  return out
}
