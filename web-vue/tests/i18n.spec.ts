import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

function entries(messages: object, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? entries(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value as string]],
  )
}

const values = (messages: object): string[] => entries(messages).map(([, text]) => text)

/** The messages meant as plurals ("none | one | many"), picked with a count. */
const PLURALS = new Set(['sessions.signedOut'])

describe('locale files', () => {
  it('have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('have no empty strings', () => {
    for (const text of [...values(zhCN), ...values(en)]) expect(text.trim()).not.toBe('')
  })

  it('use no characters vue-i18n would treat as syntax by accident', () => {
    // "@" starts a linked message and "|" separates plurals; neither is meant literally here.
    for (const [key, text] of [...entries(zhCN), ...entries(en)]) expect(text).not.toMatch(PLURALS.has(key) ? /@/ : /[@|]/)
  })

  it('give each plural its forms: none, one and many in English; none and any number in Chinese', () => {
    const forms = (messages: object, key: string) => new Map(entries(messages)).get(key)!.split('|')
    for (const key of PLURALS) {
      expect(forms(en, key)).toHaveLength(3)
      expect(forms(zhCN, key)).toHaveLength(2)
    }
  })
})
