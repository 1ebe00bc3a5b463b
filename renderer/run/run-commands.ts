// The run's commands in the workbench's registry: run, play/pause, step, stop (also sent by the desktop menu, keys
// from electron/menu-keys.ts) and the keyboard faults on the selected node.
import { keysOf } from '../../electron/menu-keys';
import type { Editor } from '../editor/editor';
import type { Command } from '../src/commands/registry';
import type { RunController } from './controller';
import type { CommandInput } from './session';
import { faultCommand } from './faults';

export function runCommands(c: RunController, editor: Editor | undefined, run: () => Promise<void>): Command[] {
  const selectedPath = () => {
    const id = editor ? [...editor.getSelection().nodes][0] : undefined;
    return id === undefined ? undefined : c.spec?.pathByNodeId[id];
  };
  const onSel = (f: (path: string) => CommandInput) => () => {
    const p = selectedPath();
    if (!p || !c.isLive()) throw new Error('Select a running process first.');
    return c.command(f(p));
  };
  return [
    { id: 'run:run', label: 'Run the design', ...keysOf('run:run'), group: 'Run', run },
    { id: 'run:playPause', label: 'Play / pause the run', ...keysOf('run:playPause'), group: 'Run', enabled: () => c.isLive(), run: () => (c.getState().phase === 'playing' ? c.pause() : c.play()) },
    { id: 'run:step', label: 'Step one event', ...keysOf('run:step'), group: 'Run', enabled: () => c.isLive() && c.getState().clock === 'virtual', run: () => c.step() },
    { id: 'run:stop', label: 'Stop the run', ...keysOf('run:stop'), group: 'Run', enabled: () => c.isLive(), run: () => c.stop() },
    { id: 'run:kill', label: 'Kill the selected process', shortcut: 'Alt+K', group: 'Run', run: onSel((target) => faultCommand('kill', target)) },
    { id: 'run:raise', label: 'Raise in the selected process', shortcut: 'Alt+R', group: 'Run', run: onSel((target) => faultCommand('raise', target)) },
    { id: 'run:hang', label: 'Hang the selected process', shortcut: 'Alt+H', group: 'Run', run: onSel((target) => faultCommand('hang', target)) },
    { id: 'run:prevCrash', label: 'Previous crash', shortcut: 'Alt+[', group: 'Run', run: () => { c.jumpToCrash(-1); } },
    { id: 'run:nextCrash', label: 'Next crash', shortcut: 'Alt+]', group: 'Run', run: () => { c.jumpToCrash(1); } },
  ];
}
