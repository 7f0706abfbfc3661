/**
 * @module Deterministic generator of a sanctions-list-shaped data set for the screening benchmark.
 *
 * The mix follows the real SDN list: about 60 % individuals written `LAST, First Middle` (Arabic,
 * Hispanic, Russian, Persian, Chinese and Korean names, patronymics, `al-` articles), 35 %
 * organisations with legal forms, a few vessels and aircraft; about 45 % of entries have aliases
 * (transliterations, dropped middle names, abbreviations). Queries mix spelling variants of listed
 * names with fresh names from the same distribution, as customer screening does.
 */
import type { SanctionsEntry } from '../../src/compliance/sanctions/sanctions-entries.ts'
import type { ScreenQuery } from '../../src/compliance/sanctions/matcher.ts'

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const w = (s: string) => s.split(' ')
const CULTURES = [
  {
    given: w(
      'Mohammed Muhammad Ahmed Ahmad Ali Hassan Hussein Omar Abdullah Khalid ' +
        'Ibrahim Yusuf Mustafa Mahmoud Saeed Salah Tariq Hamza Bilal Nasser Jamal ' +
        'Karim Faisal Fahad Saad Majid Adel Walid Ziad Samir Nabil Hisham Imad ' +
        'Osama Ayman Anwar Ismail Yahya'
    ),
    surname: w(
      'al-Masri al-Otaibi al-Qahtani Haddad Khoury Hamdan Saleh Mansour Qasim ' +
        'Darwish Abbas Aziz Rahman Hussain Barakat Farhat Jaber Khalil Zayed ' +
        'al-Shami al-Halabi al-Tamimi al-Harbi al-Ghamdi al-Zahrani al-Dosari ' +
        'Shalabi Najjar Sabbagh Kanaan Bazzi Tabbara'
    ),
    weight: 0.3,
  },
  {
    given: w(
      'Jose Juan Carlos Luis Miguel Jorge Pedro Manuel Francisco Javier Antonio ' +
        'Rafael Fernando Ricardo Alejandro Diego Andres Sergio Oscar Hector Maria ' +
        'Ana Carmen Lucia Rosa Patricia Claudia Sandra Gloria Luz'
    ),
    surname: w(
      'Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez ' +
        'Torres Flores Rivera Gomez Diaz Reyes Morales Cruz Ortiz Gutierrez Chavez ' +
        'Ramos Castillo Jimenez Vargas Romero Herrera Medina Aguilar Mendoza Castro ' +
        'Ruiz Alvarez Montoya Restrepo Londono Quintero Caro Arellano Cardenas ' +
        'Zambrano'
    ),
    weight: 0.3,
  },
  {
    given: w(
      'Alexander Dmitry Sergey Andrey Alexey Ivan Mikhail Nikolay Vladimir Oleg ' +
        'Yuri Pavel Igor Viktor Maxim Artem Roman Denis Evgeny Anatoly Elena Olga ' +
        'Natalia Irina Svetlana Tatiana'
    ),
    surname: w(
      'Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov ' +
        'Fedorov Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov ' +
        'Stepanov Nikolaev Orlov Andreev Makarov Zakharov Zaitsev Solovyov Borisov ' +
        'Yakovlev Grigoriev Romanov Khoroshev Malkevich Chepiga'
    ),
    weight: 0.2,
  },
  {
    given: w(
      'Ali Reza Mohammad Hossein Mehdi Hamid Saeed Majid Amir Javad Abbas Ahmad ' +
        'Hassan Morteza Mostafa'
    ),
    surname: w(
      'Hosseini Rezaei Mohammadi Ahmadi Karimi Rahimi Moradi Jafari Sadeghi ' +
        'Ghorbani Tehrani Esfahani Shirazi Kazemi Nazari Khorashadizadeh ' +
        'Ghorbaniyan'
    ),
    weight: 0.1,
  },
  {
    given: w(
      'Wei Jun Ming Hua Jian Xiao Hong Yong Chol Song Hyok Il Nam Kwang Ho ' + 'Jin Myong Su'
    ),
    surname: w(
      'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Kim Lee Park Pak Choi ' + 'Jung Kang Ri'
    ),
    weight: 0.1,
  },
]
const ORG_WORDS = w(
  'Global International Trading Shipping Petroleum Energy Investment Holding ' +
    'Group Industrial Technology Logistics Maritime Aviation Import Export General ' +
    'Commercial Development Construction Engineering Resources Capital Finance Bank ' +
    'Exchange Services Marine Chemical Steel Metals Electronics Systems Solutions ' +
    'Partners United National Eastern Western Golden Royal Star Ocean Pacific Gulf ' +
    'Asia Euro Sino Trans Dubai Tehran Moscow Caracas Havana Damascus Beirut ' +
    'Pyongyang Minsk Istanbul Panama'
)
const LEGAL = w('LLC LTD CO._LTD. S.A. FZE JSC OOO GMBH PLC INC. PTE._LTD. LIMITED').map((s) =>
  s.replace(/_/g, ' ')
)
const SYLLABLES = w(
  'ka ra zar van pet ro kim sa tel nor dex al ta mir ban sha lon tek vi ra ze ko ' +
    'mar tin sul far'
)

export function generateList(size: number, seed = 1): SanctionsEntry[] {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  const brand = () => {
    const n = 2 + Math.floor(r() * 2)
    const s = Array.from({ length: n }, () => pick(SYLLABLES)).join('')
    return s.charAt(0).toUpperCase() + s.slice(1)
  }
  const entries: SanctionsEntry[] = []
  for (let i = 0; i < size; i++) {
    const roll = r()
    const entNum = 10_000 + i
    const programs = [pick(w('SDGT SDNTK IRAN RUSSIA-EO14024 CYBER2 DPRK3 NPWMD SYRIA VENEZUELA'))]
    const base = { entNum, programs, list: 'SDN', ids: [] }
    if (roll < 0.6) {
      const c = pickCulture(r)
      const given = [pick(c.given), ...(r() < 0.5 ? [pick(c.given)] : [])]
      const surname = [pick(c.surname), ...(r() < 0.3 ? [pick(c.surname)] : [])]
      if (c === CULTURES[2] && r() < 0.7) given.push(patronymic(pick(c.given)))
      const name = `${surname.join(' ').toUpperCase()}, ${given.join(' ')}`
      const aliases = r() < 0.5 ? personAliases(r, surname, given) : []
      entries.push({ ...base, name, type: 'individual', aliases })
    } else if (roll < 0.95) {
      const words = [
        brand(),
        ...Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(ORG_WORDS)),
      ]
      const name = [...words, pick(LEGAL)].join(' ').toUpperCase()
      const aliases =
        r() < 0.4
          ? [
              {
                name: words
                  .map((x) => x[0])
                  .join('')
                  .toUpperCase(),
                altType: 'aka',
              },
            ]
          : []
      if (r() < 0.3) aliases.push({ name: words.join(' ').toUpperCase(), altType: 'fka' })
      entries.push({ ...base, name, type: 'entity', aliases })
    } else if (roll < 0.99) {
      const number = r() < 0.3 ? ` ${1 + Math.floor(r() * 30)}` : ''
      const name = `${brand()} ${pick(ORG_WORDS)}${number}`
      entries.push({ ...base, name: name.toUpperCase(), type: 'vessel', aliases: [] })
    } else {
      const tail = `${pick(w('EP UR P RA YK'))}-${Math.floor(100 + r() * 899)}`
      entries.push({ ...base, name: tail, type: 'aircraft', aliases: [] })
    }
  }
  return entries
}

function pickCulture(r: () => number) {
  let x = r()
  for (const c of CULTURES) if ((x -= c.weight) < 0) return c
  return CULTURES[0]!
}

function patronymic(given: string): string {
  return given.replace(/[aeiouy]$/, '') + (r1(given) ? 'ovich' : 'evich')
}
function r1(s: string): boolean {
  return s.length % 2 === 0
}

/** Transliteration-style variants and a dropped middle name. */
function personAliases(r: () => number, surname: string[], given: string[]) {
  const translit = (s: string) =>
    s
      .replace(/ou/g, 'u')
      .replace(/y/g, 'i')
      .replace(/kh/g, 'h')
      .replace(/mm/g, 'm')
      .replace(/ee/g, 'i')
      .replace(/^al-/i, 'Al ')
  const out = [
    {
      name: `${surname.map(translit).join(' ').toUpperCase()}, ${given.map(translit).join(' ')}`,
      altType: 'aka',
    },
  ]
  if (given.length > 1 && r() < 0.5)
    out.push({ name: `${surname.join(' ').toUpperCase()}, ${given[0]}`, altType: 'aka' })
  return out
}

/** Queries: `variantShare` of them are misspelt listed names, the rest fresh names. */
export function generateQueries(
  list: SanctionsEntry[],
  count: number,
  variantShare = 0.25,
  seed = 2
): ScreenQuery[] {
  const r = rng(seed)
  const fresh = generateList(count, seed + 100)
  return Array.from({ length: count }, (_, i) => {
    if (r() < variantShare) {
      const e = list[Math.floor(r() * list.length)]!
      const name = typo(r, e.type === 'individual' ? reorder(e.name) : e.name)
      return { name }
    }
    return { name: reorder(fresh[i]!.name) }
  })
}

function reorder(name: string): string {
  const comma = name.indexOf(',')
  return comma === -1 ? name : `${name.slice(comma + 1).trim()} ${name.slice(0, comma)}`
}

function typo(r: () => number, s: string): string {
  const at = 1 + Math.floor(r() * Math.max(1, s.length - 2))
  return r() < 0.5
    ? s.slice(0, at) + s.slice(at + 1)
    : s.slice(0, at) + s[at + 1] + s[at] + s.slice(at + 2)
}
