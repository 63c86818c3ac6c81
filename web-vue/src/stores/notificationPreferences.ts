import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, type FieldErrors } from '@/api/http'
import { notificationsApi } from '@/api/endpoints'
import type { CategoryPreference, NotificationCategory, NotificationChannel, NotificationPreferences } from '@/api/types'

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

const copy = (categories: readonly CategoryPreference[]): CategoryPreference[] =>
  categories.map((c) => ({ category: c.category, locked: !!c.locked, channels: { ...c.channels } }))

const same = (a: readonly CategoryPreference[], b: readonly CategoryPreference[]) =>
  a.length === b.length &&
  a.every((row, i) => {
    const other = b[i]
    return (
      other !== undefined &&
      row.category === other.category &&
      row.channels.inApp === other.channels.inApp &&
      row.channels.email === other.channels.email &&
      row.channels.sms === other.channels.sms
    )
  })

/**
 * Which categories reach the customer on which channel. `saved` is what the server holds; `draft` is what the table
 * shows and edits, sent whole by `save()`. Locked categories (security) are shown but never changed here.
 */
export const useNotificationPreferencesStore = defineStore('notificationPreferences', () => {
  const saved = ref<CategoryPreference[]>([])
  const draft = ref<CategoryPreference[]>([])
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const error = ref<ApiError | null>(null)
  const saving = ref(false)
  const saveError = ref<ApiError | null>(null)
  /** The 400's field errors, keyed like `categories[0].channels.sms`, against the order of `sentOrder`. */
  const fieldErrors = ref<FieldErrors>({})
  const sentOrder = ref<NotificationCategory[]>([])
  const savedAt = ref<Date | null>(null)
  let latest = 0

  const dirty = computed(() => !same(saved.value, draft.value))

  function accept(result: NotificationPreferences): void {
    saved.value = copy(result?.categories ?? [])
    draft.value = copy(saved.value)
  }

  async function load(): Promise<void> {
    const mine = ++latest
    status.value = 'loading'
    try {
      const result = await notificationsApi.preferences()
      if (mine !== latest) return
      accept(result)
      status.value = 'ready'
      error.value = null
    } catch (e) {
      if (mine !== latest) return
      error.value = toApiError(e)
      status.value = 'error'
    }
  }

  function setChannel(category: NotificationCategory, channel: NotificationChannel, on: boolean): void {
    const row = draft.value.find((c) => c.category === category)
    if (!row || row.locked) return
    row.channels[channel] = on
    savedAt.value = null
    // An edited row's old refusal no longer applies.
    const index = sentOrder.value.indexOf(category)
    if (index >= 0) {
      const prefix = `categories[${index}]`
      fieldErrors.value = Object.fromEntries(Object.entries(fieldErrors.value).filter(([key]) => !key.toLowerCase().startsWith(prefix)))
    }
  }

  function discard(): void {
    draft.value = copy(saved.value)
    fieldErrors.value = {}
    saveError.value = null
    savedAt.value = null
  }

  /** Sends every category (locked ones as the server gave them). True when saved; refusals land in saveError/fieldErrors. */
  async function save(): Promise<boolean> {
    if (saving.value) return false
    saving.value = true
    saveError.value = null
    fieldErrors.value = {}
    savedAt.value = null
    const rows = copy(draft.value)
    sentOrder.value = rows.map((r) => r.category)
    try {
      const result = await notificationsApi.savePreferences({
        categories: rows.map(({ category, channels }) => ({ category, channels })),
      })
      ++latest
      if (result?.categories) accept(result)
      else {
        saved.value = copy(rows)
        draft.value = copy(rows)
      }
      status.value = 'ready'
      savedAt.value = new Date()
      return true
    } catch (e) {
      const err = toApiError(e)
      saveError.value = err
      if (err.status === 400) fieldErrors.value = err.fieldErrors
      return false
    } finally {
      saving.value = false
    }
  }

  function reset(): void {
    saved.value = []
    draft.value = []
    status.value = 'idle'
    error.value = null
    saving.value = false
    saveError.value = null
    fieldErrors.value = {}
    sentOrder.value = []
    savedAt.value = null
    latest++
  }

  return { saved, draft, status, error, saving, saveError, fieldErrors, sentOrder, savedAt, dirty, load, setChannel, discard, save, reset }
})
