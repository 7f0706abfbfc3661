/**
 * @module Identity numbers from OFAC SDN remarks.
 *
 * SDN.CSV keeps passports, national IDs, tax IDs, IMO numbers, digital currency addresses and so
 * on inside the free-text Remarks column as `;`-separated items (`Passport 1084010 (Egypt)`,
 * `alt. Cedula No. 6067015 (Colombia)`, `Digital Currency Address - XBT 12udabs…`). An exact match
 * on one of these scores 1.0 in screening, so extraction errs on the side of precision: only items
 * that start with a known ID label and carry at least one digit are taken.
 */

export interface IdNumber {
  /** Label as OFAC writes it (`Passport`, `Tax ID No.`, `Digital Currency Address - ETH`). */
  kind: string
  /** The value as written (`265 216`, `52-2083095`). */
  value: string
  /** Comparison key, see `idKey`. */
  key: string
  /** Country in the trailing parentheses, when given. */
  country: string | null
}

// Labels seen in SDN.CSV remarks; longer labels first so `Business Registration Number` wins
// over `Registration Number`.
const ID_LABELS = [
  "Aircraft Manufacturer's Serial Number (MSN)",
  'Aircraft Mode S Transponder Code',
  'Public Security and Immigration No.',
  'Vessel Registration Identification',
  'Business Registration Number',
  'Chamber of Commerce Number',
  'Stateless Person ID Card',
  'Birth Certificate Number',
  'Government Gazette Number',
  'Legal Entity Number',
  'Identification Number',
  'Registration Number',
  "Driver's License No.",
  'Trade License No.',
  'Personal ID Card',
  'Refugee ID Card',
  'Residency Number',
  'National ID No.',
  'Registration ID',
  'V.A.T. Number',
  'Company Number',
  'Tax ID No.',
  'Cedula No.',
  'Serial No.',
  'C.U.R.P.',
  'C.U.I.T.',
  'R.F.C.',
  'D.N.I.',
  'SWIFT/BIC',
  'Passport',
  'NIT #',
  'RUC #',
  'MMSI',
  'SSN',
] as const

const LABEL_RE = new RegExp(
  `^((?:[A-Z][A-Za-z]+ )?(?:${ID_LABELS.map(escapeRe).join('|')}))\\s+(.+)$`
)
// Labels like `Kenyan ID No.` or `Stateless Person ID Card` vary by country.
const COUNTRY_ID_RE = /^([A-Z][A-Za-z]+ ID No\.)\s+(.+)$/
const CRYPTO_RE = /^(Digital Currency Address - [A-Z0-9]+)\s+(\S+)/
const TRAILER_RE = /(?:^|\s+)(?:issued|expires|Expiration|valid)\b.*$/i
const COUNTRY_RE = /\s*\(([^()]*)\)\s*$/

/** Extracts ID numbers and digital currency addresses from an SDN Remarks string. */
export function extractIdNumbers(remarks: string | null): IdNumber[] {
  if (!remarks) return []
  const out: IdNumber[] = []
  const seen = new Set<string>()
  for (const raw of remarks.split(';')) {
    const item = raw
      .trim()
      .replace(/^alt\.\s+/, '')
      .replace(/\.$/, '')
    const found = parseItem(item)
    if (found && !seen.has(`${found.kind}|${found.key}`)) {
      seen.add(`${found.kind}|${found.key}`)
      out.push(found)
    }
  }
  return out
}

function parseItem(item: string): IdNumber | null {
  const crypto = CRYPTO_RE.exec(item)
  if (crypto) {
    const value = crypto[2]!
    return { kind: crypto[1]!, value, key: idKey(value), country: null }
  }
  const m = LABEL_RE.exec(item) ?? COUNTRY_ID_RE.exec(item)
  if (!m) return null
  const kind = m[1]!
  // Phone and fax numbers use the same `No.` shape but are contact details, not identities.
  if (/^(Telephone|Fax|Phone)\b/.test(kind)) return null
  let rest = m[2]!.replace(TRAILER_RE, '')
  let country: string | null = null
  for (let c = COUNTRY_RE.exec(rest); c; c = COUNTRY_RE.exec(rest)) {
    country = country ?? c[1]!.trim()
    rest = rest.slice(0, c.index)
  }
  let value = rest.trim()
  // IMO numbers are written `IMO 9184691`; customers type the bare number.
  if (/^IMO\s+\d{7}$/.test(value)) value = value.replace(/^IMO\s+/, '')
  if (!/\d/.test(value) || value.length > 64) return null
  const key = idKey(value)
  return key.length >= MIN_ID_KEY_LENGTH ? { kind, value, key, country } : null
}

/** Keys shorter than this collide too easily with unrelated numbers to score 1.0 on their own. */
export const MIN_ID_KEY_LENGTH = 5

/**
 * Comparison key for an ID value. Document numbers: upper case, letters and digits only, so
 * `92/664`, `92 664` and `92664` agree. Digital currency addresses are case-sensitive (base58,
 * bech32 is lower case anyway) and kept as written, except 0x-hex addresses whose case is only a
 * checksum.
 */
export function idKey(value: string): string {
  const v = value.trim()
  if (/^0x[0-9a-fA-F]{40}$/.test(v)) return v.toLowerCase()
  if (isCryptoLike(v)) return v
  return v.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/** Query-side keys: a value typed by a user may be either kind, so both forms are looked up. */
export function queryIdKeys(value: string): string[] {
  const v = value.trim().replace(/^IMO\s*(?=\d{7}$)/i, '')
  const keys = new Set([idKey(v), v.toUpperCase().replace(/[^A-Z0-9]/g, '')])
  return [...keys].filter((k) => k.length >= MIN_ID_KEY_LENGTH)
}

function isCryptoLike(v: string): boolean {
  // Base58 (BTC legacy, LTC, DASH, TRX) and bech32 addresses: long, no separators.
  return (
    /^(bc1|ltc1|tb1)[0-9a-z]{20,}$/.test(v) ||
    (/^[1-9A-HJ-NP-Za-km-z]{25,}$/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v))
  )
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
