import type { FieldErrors } from '@/api/http'
import { NOTIFICATION_CHANNELS, type NotificationCategory, type NotificationChannel } from '@/api/types'

/** The bell's number: hidden at 0 (empty text), capped at "99+". */
export function badgeText(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return ''
  return unread > 99 ? '99+' : String(Math.floor(unread))
}

/**
 * A notification's `link` when it is a path inside the SPA ("/payments/…"), else null: nothing from a message may send
 * the customer to another site, and a protocol-relative "//host" or "/\host" is another site too.
 */
export function spaLink(link: string | null | undefined): string | null {
  if (typeof link !== 'string' || !link.startsWith('/')) return null
  if (link.startsWith('//') || link.startsWith('/\\')) return null
  return link
}

export interface PlacedPreferenceErrors {
  /** Per category: its messages, and per channel the messages about that switch. */
  rows: Partial<Record<NotificationCategory, { messages: string[]; channels: Partial<Record<NotificationChannel, string[]>> }>>
  /** Messages with no row to go to. */
  general: string[]
}

const ERROR_KEY = /^categories\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?$/i

/**
 * Places a 400's errors (keyed like `categories[0].category` or `categories[2].channels.sms`, any letter case) on the
 * rows of the preferences table, using the order of the categories that were sent.
 */
export function placePreferenceErrors(fieldErrors: FieldErrors, sent: readonly NotificationCategory[]): PlacedPreferenceErrors {
  const placed: PlacedPreferenceErrors = { rows: {}, general: [] }
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const match = ERROR_KEY.exec(key)
    const category = match ? sent[Number(match[1])] : undefined
    if (!match || !category) {
      placed.general.push(...messages)
      continue
    }
    const row = (placed.rows[category] ??= { messages: [], channels: {} })
    const member = match[2]?.toLowerCase()
    const channelName = (member === 'channels' ? match[3] : member)?.toLowerCase()
    const channel = NOTIFICATION_CHANNELS.find((c) => c.toLowerCase() === channelName)
    if (channel) (row.channels[channel] ??= []).push(...messages)
    else row.messages.push(...messages)
  }
  return placed
}

/** The Element Plus tag type of a webhook delivery's status. */
export function webhookStatusType(status: string): 'success' | 'warning' | 'danger' | 'info' {
  if (status === 'succeeded') return 'success'
  if (status === 'retrying') return 'warning'
  if (status === 'dead') return 'danger'
  return 'info'
}
