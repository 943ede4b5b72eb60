import type { PublicCategoryNode } from '../catalog/grouping-service';

/** What the storefront's header menu shows: the top two levels of the tree and the collections. */
export type StoreMenu = { categories: readonly PublicCategoryNode[]; collections: readonly { name: string; slug: string }[] };

/**
 * The storefront's category menu: a `<details>` disclosure, so it opens and closes on a phone
 * without any script, with the top categories, their subcategories and the collections.
 */
export function CategoryMenu(props: { menu: StoreMenu }) {
  const { categories, collections } = props.menu;
  if (categories.length === 0 && collections.length === 0) return null;
  return (
    <nav aria-label="Categories" class="category-menu">
      <details>
        <summary>Shop by category</summary>
        <ul>
          {categories.map((top) => (
            <li>
              <a href={`/category/${top.slug}`}>
                {top.name} <span class="count">({top.productCount})</span>
              </a>
              {top.children.length ? (
                <ul>
                  {top.children.map((child) => (
                    <li>
                      <a href={`/category/${child.slug}`}>
                        {child.name} <span class="count">({child.productCount})</span>
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
          {collections.map((collection) => (
            <li class="collection">
              <a href={`/collection/${collection.slug}`}>{collection.name}</a>
            </li>
          ))}
        </ul>
      </details>
    </nav>
  );
}
