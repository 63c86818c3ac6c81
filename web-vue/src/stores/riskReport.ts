import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { riskApi } from '@/api/endpoints'
import type { DailyRiskReport } from '@/api/types'
import { daysEnding } from '@/utils/risk'
import { businessDay } from '@/utils/businessTime'

type Status = 'idle' | 'loading' | 'ready' | 'error'

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

export const useRiskReportStore = defineStore('riskReport', () => {
  /** The report's day: the server counts it in Beijing time, so today is Beijing's today. */
  const date = ref(businessDay())
  const report = ref<DailyRiskReport | null>(null)
  const status = ref<Status>('idle')
  const error = ref<ApiError | null>(null)
  /** Days fetched so far by a running range export, and how many it needs. */
  const rangeProgress = ref<{ done: number; total: number } | null>(null)
  let request = 0

  async function load(day: string = date.value): Promise<void> {
    const mine = ++request
    date.value = day
    status.value = 'loading'
    try {
      const result = await riskApi.dailyReport(day)
      if (mine !== request) return
      report.value = result
      status.value = 'ready'
      error.value = null
    } catch (e) {
      if (mine !== request) return
      report.value = null
      error.value = toApiError(e)
      status.value = 'error'
    }
  }

  /**
   * The daily reports of the `days` days ending with the selected date, oldest first, fetched one day at a time
   * (the API has no range query). Any failed day fails the whole export rather than leaving a gap in the file.
   */
  async function fetchRange(days: number): Promise<DailyRiskReport[]> {
    const dates = daysEnding(date.value, days)
    rangeProgress.value = { done: 0, total: dates.length }
    try {
      const reports: DailyRiskReport[] = []
      for (const day of dates) {
        reports.push(await riskApi.dailyReport(day))
        rangeProgress.value = { done: reports.length, total: dates.length }
      }
      return reports
    } finally {
      rangeProgress.value = null
    }
  }

  return { date, report, status, error, rangeProgress, load, fetchRange }
})
