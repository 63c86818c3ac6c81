import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { riskApi } from '@/api/endpoints'
import type { RiskRule, RuleSettings } from '@/api/types'

type Status = 'idle' | 'loading' | 'ready' | 'error'

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

export const useRiskRulesStore = defineStore('riskRules', () => {
  const rules = ref<RiskRule[]>([])
  const status = ref<Status>('idle')
  const error = ref<ApiError | null>(null)
  let request = 0

  async function load(): Promise<void> {
    const mine = ++request
    status.value = 'loading'
    try {
      const result = await riskApi.rules()
      if (mine !== request) return
      rules.value = Array.isArray(result) ? result : []
      status.value = 'ready'
      error.value = null
    } catch (e) {
      if (mine !== request) return
      error.value = toApiError(e)
      // Rules already on screen stay; only a first load turns into an error page.
      status.value = rules.value.length > 0 ? 'ready' : 'error'
    }
  }

  // Each change is followed by a fresh list: the server owns versions, pending proposals and who approved what.
  // The ApiError of a refused change (400, 403, 409) goes to the caller, which knows how to explain it.

  async function propose(ruleId: string, settings: RuleSettings, comment: string): Promise<void> {
    await riskApi.propose(ruleId, settings, comment.trim())
    await load()
  }

  async function approve(proposalId: string, comment: string): Promise<void> {
    await riskApi.approveProposal(proposalId, comment.trim())
    await load()
  }

  async function reject(proposalId: string, comment: string): Promise<void> {
    await riskApi.rejectProposal(proposalId, comment.trim())
    await load()
  }

  function reset(): void {
    rules.value = []
    status.value = 'idle'
    error.value = null
    request++
  }

  return { rules, status, error, load, propose, approve, reject, reset }
})
