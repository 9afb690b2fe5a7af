import {allCheckMetas} from '../checks/index.js'
import type {CheckMeta} from '../checks/types.js'
import {waiverExpiredMeta} from '../waivers/apply.js'

export function renderExplanation(meta: CheckMeta): string {
  const lines = [
    `${meta.id} (${meta.severity})`,
    meta.summary,
    '',
    'What it means',
    indent(meta.docs.description),
    '',
    'Symptom',
    indent(meta.docs.symptom),
    '',
    'Fix',
    indent(meta.docs.fix),
  ]
  if (meta.docs.snippet) lines.push('', 'Example', indent(meta.docs.snippet))
  return lines.join('\n')
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
}

/** Every ID fleet can emit: the checks, host/unreachable, and the findings fleet adds itself. */
export const emittableMetas: readonly CheckMeta[] = [...allCheckMetas, waiverExpiredMeta].sort((a, b) => a.id.localeCompare(b.id))

export const emittableIds: readonly string[] = emittableMetas.map((meta) => meta.id)
