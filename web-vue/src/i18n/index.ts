import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'

export function isAppLocale(value: unknown): value is AppLocale {
  return SUPPORTED_LOCALES.includes(value as AppLocale)
}

export const messages = { 'zh-CN': zhCN, en }

export const i18n = createI18n<[typeof zhCN], AppLocale, false>({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: 'en',
  messages,
  // Chinese nouns have no plural: a plural message there has two forms, for none and for any number.
  pluralRules: { 'zh-CN': (choice: number, choicesLength: number) => (choice === 0 || choicesLength < 2 ? 0 : 1) },
})
