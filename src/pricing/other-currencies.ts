import type { StoreSettings } from '../settings/store-settings';

/** The currencies a store sells in besides its own (settings from before currencies have none). */
export const otherCurrencies = (settings: Pick<StoreSettings, 'currencies'>): readonly string[] => settings.currencies ?? [];
