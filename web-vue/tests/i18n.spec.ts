import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

function values(messages: object): string[] {
  return Object.values(messages).flatMap((value) => (typeof value === 'object' ? values(value) : [value]))
}

describe('locale files', () => {
  it('have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('have no empty strings', () => {
    for (const text of [...values(zhCN), ...values(en)]) expect(text.trim()).not.toBe('')
  })

  it('use no characters vue-i18n would treat as syntax by accident', () => {
    // "@" starts a linked message and "|" separates plurals; neither is meant literally here.
    for (const text of [...values(zhCN), ...values(en)]) expect(text).not.toMatch(/[@|]/)
  })
})
