import { defineStore } from 'pinia'
import { ref } from 'vue'
import { DEFAULT_LOCALE, i18n, isAppLocale, type AppLocale } from '@/i18n'

export const STORAGE_KEY = 'jade.locale'
export const CULTURE_COOKIE = '.AspNetCore.Culture'
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60

/** The value ASP.NET Core's CookieRequestCultureProvider reads, so server-rendered pages match the SPA. */
export function cultureCookie(locale: AppLocale, secure: boolean): string {
  const value = encodeURIComponent(`c=${locale}|uic=${locale}`)
  const attributes = ['path=/', `max-age=${ONE_YEAR_SECONDS}`, 'SameSite=Strict', ...(secure ? ['Secure'] : [])]
  return `${CULTURE_COOKIE}=${value}; ${attributes.join('; ')}`
}

function storedLocale(): AppLocale {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isAppLocale(value) ? value : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE
  }
}

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<AppLocale>(storedLocale())

  function apply(next: AppLocale): void {
    locale.value = next
    i18n.global.locale.value = next
    document.documentElement.lang = next
    document.cookie = cultureCookie(next, window.location.protocol === 'https:')
  }

  function setLocale(next: AppLocale): void {
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Private browsing may refuse storage; the cookie still carries the choice.
    }
    apply(next)
  }

  // Write the cookie at start-up too, so the identity pages follow the default before any switch.
  apply(locale.value)

  return { locale, setLocale }
})
