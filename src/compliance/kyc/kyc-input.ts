/**
 * @module What a KYC submission must contain, as a valibot schema: `POST /v1/kyc` validates with
 * it (422 naming every bad field) and OpenAPI documents it.
 */
import * as v from 'valibot'
import { DOCUMENT_TYPES } from '../kyc.schema.ts'
import { COUNTRY_CODES } from './countries.ts'

/** Applicants must be adults; KYC of minors is out of scope for a trading account. */
export const MIN_AGE_YEARS = 18
const MAX_AGE_YEARS = 130

// Letters of any script, marks, spaces, and the punctuation real names carry.
const NAME_RE = /^[\p{L}\p{M}][\p{L}\p{M} .,'’-]*$/u

const text = (field: string, min: number, max: number) =>
  v.pipe(
    v.string(`${field} must be a string.`),
    v.trim(),
    v.minLength(
      min,
      min === 1 ? `${field} is required.` : `${field} needs at least ${min} characters.`
    ),
    v.maxLength(max, `${field} must be at most ${max} characters.`)
  )

/** Whole years between a `YYYY-MM-DD` birth date and `today` (UTC), or null if not a real date. */
export function ageOn(dateOfBirth: string, today: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const born = new Date(Date.UTC(y, mo - 1, d))
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== mo - 1 || born.getUTCDate() !== d)
    return null
  let age = today.getUTCFullYear() - y
  if (today.getUTCMonth() < mo - 1 || (today.getUTCMonth() === mo - 1 && today.getUTCDate() < d))
    age--
  return age
}

/** The body of `POST /v1/kyc`; `today` decides the age check (the request's clock). */
export function kycSubmissionSchema(today: () => Date) {
  return v.object({
    legalName: v.pipe(
      text('legalName', 2, 200),
      v.regex(NAME_RE, "legalName may contain letters, spaces and . , ' - only.")
    ),
    dateOfBirth: v.pipe(
      v.string('dateOfBirth must be a string.'),
      v.regex(/^\d{4}-\d{2}-\d{2}$/, 'dateOfBirth must be a date as YYYY-MM-DD.'),
      v.check((s) => ageOn(s, today()) !== null, 'dateOfBirth is not a real date.'),
      v.check((s) => {
        const age = ageOn(s, today())
        return age === null || age >= MIN_AGE_YEARS
      }, `You must be at least ${MIN_AGE_YEARS} years old.`),
      v.check((s) => {
        const age = ageOn(s, today())
        return age === null || age <= MAX_AGE_YEARS
      }, 'dateOfBirth is too far in the past.')
    ),
    country: v.pipe(
      v.string('country must be a string.'),
      v.check((s) => COUNTRY_CODES.has(s), 'country must be an ISO 3166-1 alpha-2 code, e.g. DE.')
    ),
    address: v.object(
      {
        line1: text('address.line1', 1, 200),
        line2: v.optional(text('address.line2', 0, 200)),
        city: text('address.city', 1, 100),
        postalCode: v.optional(
          v.pipe(
            text('address.postalCode', 1, 20),
            v.regex(
              /^[A-Za-z0-9 -]+$/,
              'address.postalCode may contain letters, digits, spaces and -.'
            )
          )
        ),
        region: v.optional(text('address.region', 0, 100)),
      },
      'address must be an object with line1 and city.'
    ),
    documentType: v.picklist(
      DOCUMENT_TYPES,
      `documentType must be one of ${DOCUMENT_TYPES.join(', ')}.`
    ),
    documentNumber: v.pipe(
      text('documentNumber', 4, 40),
      v.regex(
        /^[A-Za-z0-9][A-Za-z0-9 /-]*$/,
        'documentNumber may contain letters, digits, spaces, / and -.'
      )
    ),
  })
}

export type KycSubmission = v.InferOutput<ReturnType<typeof kycSubmissionSchema>>
