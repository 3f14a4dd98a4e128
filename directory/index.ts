export * from './schema';
export { OrgDirectory } from './org-directory';
export { checkDirectory, mergeDirectory, orgCodeScheme, parseDirectoryFile } from './validate';
export { BUILTIN_DIRECTORY_FILE, builtinDirectory, directoryFrom, DirectorySource, loadDirectoryFile } from './load';
