import type { Command } from 'commander';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/**
 * What may follow each command path: its subcommands, its arguments' choices and its
 * options, with the global options (setting flags included) everywhere, since they are
 * accepted before or after the command. Read from the Commander tree, so a new command or
 * option completes without an edit here.
 */
function completionTable(program: Command): { globals: string[]; table: Map<string, string[]> } {
  const globals = [...program.options.flatMap((option) => [option.long, option.short]).filter(isText), '--help'];
  const table = new Map<string, string[]>();
  const visit = (command: Command, path: string) => {
    const own = command === program ? [] : command.options.flatMap((option) => [option.long, option.short]);
    const choices = command.registeredArguments.flatMap((argument) => argument.argChoices ?? []);
    const subcommands = command.commands.map((sub) => sub.name());
    table.set(path, [...subcommands, ...choices, ...own.filter(isText)]);
    for (const sub of command.commands) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return { globals, table };
}

function isText(value: string | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

/** A completion script for `shell`: one table of words per command path, and a few lines to find the path typed so far. */
export function completionScript(program: Command, shell: CompletionShell): string {
  const { globals, table } = completionTable(program);
  const name = program.name();
  const fn = `_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  switch (shell) {
    case 'bash':
    case 'zsh': {
      const cases = [...table]
        .map(([path, words]) => `    "${path}") echo "${[...words, '$GLOBALS'].join(' ')}" ;;`)
        .join('\n');
      const words = `${fn}_words() {
  local GLOBALS="${globals.join(' ')}"
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}`;
      if (shell === 'bash') {
        return `# bash completion for ${name}: source <(${name} completion bash)
${words}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    if ${fn}_words "\${path:+$path }$word" >/dev/null; then path="\${path:+$path }$word"; fi
  done
  mapfile -t COMPREPLY < <(compgen -W "$(${fn}_words "$path")" -- "$cur")
}
complete -F ${fn} ${name}
`;
      }
      return `# zsh completion for ${name}: source <(${name} completion zsh), after compinit
${words}
${fn}() {
  local command_path="" word i
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    ${fn}_words "\${command_path:+$command_path }$word" >/dev/null && command_path="\${command_path:+$command_path }$word"
  done
  compadd -- \${=$(${fn}_words "$command_path")}
}
compdef ${fn} ${name}
`;
    }
    case 'fish': {
      const cases = [...table]
        .map(([path, words]) => `        case '${path}'\n            echo ${[...words, '$globals'].join(' ')}`)
        .join('\n');
      return `# fish completion for ${name}: ${name} completion fish > ~/.config/fish/completions/${name}.fish
function _${fn}_words
    set -l globals ${globals.join(' ')}
    switch "$argv[1]"
${cases}
        case '*'
            return 1
    end
end
function _${fn}_complete
    set -l command_path ''
    for word in (commandline -opc)[2..-1]
        string match -q -- '-*' $word; and continue
        set -l next (string trim -- "$command_path $word")
        if _${fn}_words $next >/dev/null
            set command_path $next
        end
    end
    _${fn}_words $command_path | string split ' '
end
complete -c ${name} -f -a '(_${fn}_complete)'
`;
    }
  }
}
