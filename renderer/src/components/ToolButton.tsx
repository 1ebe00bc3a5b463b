import { useCommands, useCommandTitle } from '../commands/context';
import { Icon, type IconName } from './Icons';

/** A toolbar button bound to a command: label, shortcut tooltip and enabled state come from the registry. */
export function ToolButton({ command, icon, pressed, text, small, className }: { command: string; icon: IconName; pressed?: boolean; text?: string; small?: boolean; className?: string }) {
  const registry = useCommands();
  const title = useCommandTitle(command);
  const label = registry.get(command)?.label ?? command;
  return (
    <button type="button" className={`icon-btn${small ? ' small' : ''}${className ? ` ${className}` : ''}`} title={title} aria-label={label}
      aria-pressed={pressed === undefined ? undefined : pressed}
      disabled={!registry.isEnabled(command)} onClick={() => registry.execute(command)} data-command={command}>
      <Icon name={icon} />
      {text && <span>{text}</span>}
    </button>
  );
}
