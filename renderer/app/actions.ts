/** What menus, toolbar and empty states can ask the workbench to do. */
export interface Actions {
  newProject(): void;
  openProject(): void;
  closeProject(): void;
  checkProject(): void;
  importVector(): void;
  zoomFull(): void;
  about(): void;
}
