import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/i18n'
import { CULTURE_COOKIE, STORAGE_KEY, cultureCookie, useLocaleStore } from '@/stores/locale'

function cookieValue(name: string): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1)
}

beforeEach(() => {
  localStorage.clear()
  document.cookie = `${CULTURE_COOKIE}=; max-age=0; path=/`
  setActivePinia(createPinia())
})

describe('locale store', () => {
  it('defaults to zh-CN when nothing is stored', () => {
    const store = useLocaleStore()
    expect(store.locale).toBe('zh-CN')
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(cookieValue(CULTURE_COOKIE)).toBe('c%3Dzh-CN%7Cuic%3Dzh-CN')
  })

  it('restores the stored choice', () => {
    localStorage.setItem(STORAGE_KEY, 'en')
    expect(useLocaleStore().locale).toBe('en')
    expect(i18n.global.locale.value).toBe('en')
  })

  it('ignores an unsupported stored value', () => {
    localStorage.setItem(STORAGE_KEY, 'xx-YY')
    expect(useLocaleStore().locale).toBe('zh-CN')
  })

  it('remembers a switch in storage, the culture cookie and <html lang>', () => {
    const store = useLocaleStore()
    store.setLocale('en')
    expect(store.locale).toBe('en')
    expect(localStorage.getItem(STORAGE_KEY)).toBe('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(cookieValue(CULTURE_COOKIE)).toBe('c%3Den%7Cuic%3Den')
  })
})

describe('cultureCookie', () => {
  it('builds the ASP.NET Core culture cookie', () => {
    expect(cultureCookie('en', false)).toBe(
      '.AspNetCore.Culture=c%3Den%7Cuic%3Den; path=/; max-age=31536000; SameSite=Strict',
    )
    expect(cultureCookie('zh-CN', true)).toBe(
      '.AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN; path=/; max-age=31536000; SameSite=Strict; Secure',
    )
  })
})
