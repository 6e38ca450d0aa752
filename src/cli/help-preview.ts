// Help texts of `preview`'s page options and of the sandbox page (issue 20), apart from help.ts
// so that commands added in parallel do not edit the same lines.
export const HELP_PREVIEW = {
  fr: {
    format: 'format : text (lisible), json, markdown (commentaire de demande de fusion), html (maquette par réseau, page autonome)',
    out: 'html : écrit la page dans ce fichier au lieu de la sortie standard',
    open: 'html : ouvre la page dans le navigateur (s’il y en a un)',
  },
  en: {
    format: 'format: text (for people), json, markdown (pull-request comment), html (mockup per network, self-contained page)',
    out: 'html: write the page to this file instead of standard output',
    open: 'html: open the page in the browser (when there is one)',
  },
} as const;
