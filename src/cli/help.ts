// Help texts, French first (the users' language), English with --lang en or LM_POST_LANG=en.
export const HELP = {
  fr: {
    program:
      'Publier sur les réseaux sociaux selon la charte de publication de Locaux Motiv’.\n' +
      'Les billets sont des fichiers YAML dans queue/, vérifiés selon charter/charter.yaml.',
    version: 'affiche la version',
    help: 'affiche l’aide',
    seeHelp: '(lm-post --help pour l’aide)',
    charter: 'chemin de la charte (défaut : charter/charter.yaml)',
    queue: 'dossier des billets (défaut : queue)',
    lang: 'langue des messages : fr ou en',
    check: 'vérifie les billets selon la charte (par défaut toute la file)',
    checkPaths: 'billets ou dossiers à vérifier',
    format: 'format de sortie : stylish (lisible), json (compatible ESLint), github (annotations)',
    maxWarnings: 'échoue (code 1) au-delà de N avertissements',
    requireApproval: 'exige aussi une approbation valide (règle approval)',
    preview: 'montre exactement ce que chaque réseau recevra, avec les décomptes et la vérification',
    post: 'billet (chemin ou identifiant)',
    rules: 'liste les règles de la charte, leur sévérité et ce qu’elles vérifient',
  },
  en: {
    program:
      "Publish to social networks following Locaux Motiv's publishing charter.\n" +
      'Posts are YAML files in queue/, checked against charter/charter.yaml.',
    version: 'print the version',
    help: 'show help',
    seeHelp: '(lm-post --help for help)',
    charter: 'charter path (default: charter/charter.yaml)',
    queue: 'posts folder (default: queue)',
    lang: 'message language: fr or en',
    check: 'check posts against the charter (default: the whole queue)',
    checkPaths: 'posts or folders to check',
    format: 'output format: stylish (for people), json (ESLint-compatible), github (annotations)',
    maxWarnings: 'fail (exit 1) above N warnings',
    requireApproval: 'also require a valid approval (approval rule)',
    preview: 'show exactly what each network will receive, with counts and the check results',
    post: 'post (path or id)',
    rules: "list the charter's rules, their severity and what they check",
  },
} as const;
