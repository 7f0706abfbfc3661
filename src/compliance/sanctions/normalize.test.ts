import { describe, expect, it } from 'vitest'
import { foldText, nameForms, queryForms } from './normalize.ts'

describe('foldText', () => {
  it('should fold case, diacritics, apostrophes and dots, keeping hyphens visible', () => {
    expect(foldText("Miguel Ángel RODRÍGUEZ O'REJUELA")).toBe('miguel angel rodriguez orejuela')
    expect(foldText('S.A. Straße Łódź')).toBe('sa strasse lodz')
    expect(foldText('BEL-KAP-STEEL, L.L.C.')).toBe('bel - kap - steel llc')
  })
})

describe('nameForms', () => {
  it('should split a structured list name into surname and given-name tokens', () => {
    expect(nameForms('GUZMAN LOERA, Joaquin', 'person', true)).toEqual([
      { tokens: ['joaquin', 'guzman', 'loera'], parts: ['given', 'surname', 'surname'] },
    ])
  })

  it('should drop honorifics and connectives from people and join Arabic articles', () => {
    expect(nameForms('AL ZAWAHIRI, Dr. Ayman', 'person', true)[0]?.tokens).toEqual([
      'ayman',
      'al_zawahiri',
    ])
    expect(nameForms('BIN LADIN, Usama bin Muhammad', 'person', true)[0]?.tokens).toEqual([
      'usama',
      'muhammad',
      'ladin',
    ])
  })

  it('should treat a name whose given part is only an honorific as unstructured', () => {
    expect(nameForms("'ABD AL-NASIR, Hajji", 'person', true)).toEqual([
      { tokens: ['abd', 'al_nasir'], parts: ['any', 'any'] },
    ])
  })

  it('should drop legal forms from organisations but keep a name made only of them', () => {
    expect(nameForms('ANGLO-CARIBBEAN CO., LTD.', 'org')[0]?.tokens).toEqual(['anglo', 'caribbean'])
    expect(nameForms('CO. LTD.', 'org')[0]?.tokens).toEqual(['co', 'ltd'])
  })

  it('should add a compound form for hyphenated words', () => {
    expect(nameForms('BEL-KAP-STEEL LLC', 'org').map((f) => f.tokens)).toEqual([
      ['bel', 'kap', 'steel'],
      ['bel+kap+steel'],
    ])
  })
})

describe('queryForms', () => {
  it('should add variants joining two adjacent words', () => {
    expect(queryForms('Santa Cruz Londono', 'person')).toEqual([
      ['santa', 'cruz', 'londono'],
      ['santa+cruz', 'londono'],
      ['santa', 'cruz+londono'],
    ])
  })

  it('should apply the word lists of the kind compared against', () => {
    expect(queryForms('General Motors Ltd', 'person')[0]).toEqual(['motors', 'ltd'])
    expect(queryForms('General Motors Ltd', 'org')[0]).toEqual(['general', 'motors'])
  })
})
