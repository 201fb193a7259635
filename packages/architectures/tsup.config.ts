import { libraryConfig } from '../../tooling/build/library.config';

export default libraryConfig();
