// Help texts of the CI and reuse commands (init, charter, calendar, completion), apart from
// help.ts so that commands added in parallel do not edit the same lines.
export const HELP_CI = {
  fr: {
    previewFormat: 'format : text (lisible), json, markdown (commentaire de demande de fusion)',
    init: 'crée le dépôt de publication d’un autre collectif : charte commentée, exemples, CI, README',
    initDir: 'dossier à créer (défaut : le dossier courant, s’il est vide)',
    initCi: 'ajoute la CI : github (GitHub Actions) ou gitlab (GitLab CI)',
    initOrg: 'nom du collectif, écrit dans la charte',
    charter: 'la mini-charte lisible par les humains, générée depuis la charte (Markdown ou HTML)',
    charterFormat: 'format : md (Markdown) ou html (page autonome)',
    out: 'écrit dans ce fichier au lieu de la sortie standard',
    calendar: 'le « mois type » : billets programmés et publiés par réseau et par jour, trous de cadence, coût X',
    month: 'mois à montrer, AAAA-MM (défaut : le mois en cours)',
    calendarFormat: 'format : text, html, ics (agenda à s’abonner) ou json',
    completion: 'script de complétion pour le shell (bash, zsh ou fish)',
    shell: 'bash, zsh ou fish',
  },
  en: {
    previewFormat: 'format: text (for people), json, markdown (pull-request comment)',
    init: "create another collective's publishing repository: commented charter, examples, CI, README",
    initDir: 'folder to create (default: the current folder, if empty)',
    initCi: 'add CI: github (GitHub Actions) or gitlab (GitLab CI)',
    initOrg: 'name of the collective, written into the charter',
    charter: 'the human-readable mini-charter, generated from the charter (Markdown or HTML)',
    charterFormat: 'format: md (Markdown) or html (self-contained page)',
    out: 'write to this file instead of standard output',
    calendar: "the typical month: scheduled and published posts per network and day, cadence gaps, X cost",
    month: 'month to show, YYYY-MM (default: the current month)',
    calendarFormat: 'format: text, html, ics (subscribable calendar) or json',
    completion: 'shell completion script (bash, zsh or fish)',
    shell: 'bash, zsh or fish',
  },
} as const;
