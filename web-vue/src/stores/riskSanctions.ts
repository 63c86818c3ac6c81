import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { riskApi } from '@/api/endpoints'
import type { SanctionsQuery, SanctionsResult } from '@/api/types'

type Status = 'idle' | 'loading' | 'ready' | 'error'

export const useRiskSanctionsStore = defineStore('riskSanctions', () => {
  const query = ref<SanctionsQuery | null>(null)
  const result = ref<SanctionsResult | null>(null)
  const status = ref<Status>('idle')
  const error = ref<ApiError | null>(null)
  let request = 0

  /** Optional fields left empty are not sent at all. */
  async function screen(input: SanctionsQuery): Promise<void> {
    const body: SanctionsQuery = { name: input.name.trim() }
    if (input.type) body.type = input.type
    if (input.dateOfBirth) body.dateOfBirth = input.dateOfBirth
    if (input.country?.trim()) body.country = input.country.trim().toUpperCase()
    const mine = ++request
    query.value = body
    status.value = 'loading'
    try {
      const answer = await riskApi.screenSanctions(body)
      if (mine !== request) return
      result.value = { threshold: answer?.threshold ?? 0, matches: answer?.matches ?? [] }
      status.value = 'ready'
      error.value = null
    } catch (e) {
      if (mine !== request) return
      result.value = null
      error.value = e instanceof ApiError ? e : new ApiError(0)
      status.value = 'error'
    }
  }

  return { query, result, status, error, screen }
})
