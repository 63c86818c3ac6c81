import { describe, expect, it } from 'vitest'
import { pickText } from '@/utils/localized'

describe('pickText', () => {
  const text = { 'zh-CN': '欢迎', en: 'Welcome' }

  it.each([
    [text, 'zh-CN', '欢迎'],
    [text, 'en', 'Welcome'],
    [text, 'fr', 'Welcome'],
    [{ zh: '你好', en: 'Hello' }, 'zh-CN', '你好'],
    [{ 'en-US': 'Hi' }, 'en', 'Hi'],
    [{ de: 'Hallo' }, 'zh-CN', 'Hallo'],
    [{}, 'en', ''],
    [null, 'en', ''],
  ])('%j in %s → %s', (input, locale, expected) => {
    expect(pickText(input, locale)).toBe(expected)
  })
})
