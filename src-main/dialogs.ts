/** Electron's native dialogs behind the Dialogs interface the services use. */
import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { Dialogs, FileFilter } from './files/request-files.js';

function electronFilters(filters: readonly FileFilter[]) {
  return filters.map((filter) => ({ name: filter.name, extensions: [...filter.extensions] }));
}

export function electronDialogs(parent: () => BrowserWindow | undefined): Dialogs {
  const open = async (options: OpenDialogOptions) => {
    const window = parent();
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  };
  return {
    chooseOpenPath: ({ title, filters }) =>
      open({ title, filters: electronFilters(filters), properties: ['openFile'] }),
    chooseFolderPath: ({ title }) => open({ title, properties: ['openDirectory', 'createDirectory'] }),
    async chooseSavePath({ title, defaultName, filters }) {
      const options: SaveDialogOptions = {
        title,
        defaultPath: defaultName,
        filters: electronFilters(filters),
        // Windows and macOS always ask before replacing a file; Linux asks only when told to
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const window = parent();
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
  };
}

/** Asks whether to reload or close a window whose open draft has changes the vault could not save. */
export function confirmLeavingUnsaved(window: BrowserWindow): boolean {
  const answer = dialog.showMessageBoxSync(window, {
    type: 'warning',
    buttons: ['Stay', 'Leave anyway'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    message: 'Your last changes to the open draft are not saved.',
    detail: 'The drafts vault could not save them; the draft says why. If you leave now, they are lost.',
  });
  return answer === 1;
}
