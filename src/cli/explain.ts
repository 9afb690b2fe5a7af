import type {CheckMeta} from '../checks/types.js'

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
