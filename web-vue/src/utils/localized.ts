import type { LocalizedText } from '@/api/types'

/** The text in `locale`, else its language without region, else English, else whatever there is. */
export function pickText(text: LocalizedText | null | undefined, locale: string): string {
  if (!text) return ''
  const language = locale.split('-')[0]
  const regionless = Object.keys(text).find((key) => key.split('-')[0] === language)
  return text[locale] ?? (regionless && text[regionless]) ?? text.en ?? Object.values(text)[0] ?? ''
}
