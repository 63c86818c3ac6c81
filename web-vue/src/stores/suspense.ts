import { defineStore } from 'pinia'
import { computed } from 'vue'
import { suspenseApi } from '@/api/endpoints'
import { usePagedList } from '@/composables/usePagedList'
import type { SuspenseFilters, SuspenseItem } from '@/api/types'

export const defaultSuspenseFilters = (): SuspenseFilters => ({ status: 'open', reason: '' })

export const useSuspenseStore = defineStore('suspense', () => {
  const list = usePagedList<SuspenseItem, SuspenseFilters>(suspenseApi.list, defaultSuspenseFilters)
  const hasList = computed(() => list.status.value === 'ready' || (list.status.value === 'loading' && list.total.value > 0))

  // One key per resolution the operator means: sending the same note again after a lost answer replays the first
  // resolution instead of meeting a 409 for a "second" one.
  let attempt: { id: string; note: string; key: string } | null = null

  /** Resolves an item with the operator's note, then reloads the page. Throws the ApiError (400, 404, 409) to explain. */
  async function resolve(id: string, resolution: string): Promise<SuspenseItem> {
    const note = resolution.trim()
    if (attempt?.id !== id || attempt.note !== note) attempt = { id, note, key: crypto.randomUUID() }
    const resolved = await suspenseApi.resolve(id, note, attempt.key)
    attempt = null
    await list.load()
    return resolved
  }

  return { ...list, hasList, resolve }
})
