//! The clustering fixtures (testdata/clustering) through the library, once
//! from text alone and once with entities added as the entity stage will add
//! them: the grouping is the same, and names shared with the unrelated
//! article do not pull it into the story.

use std::collections::HashMap;
use std::path::Path;

use depesche::input::{self, ReadOptions};
use depesche::schema::{Entity, EntityType, Mention};
use depesche::{Analysis, Pipeline};
use depesche_store::{Prepared, Store};

fn analyses() -> Vec<Analysis> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/clustering/articles.jsonl");
    let p = Pipeline::default();
    input::read_path(&path, &ReadOptions::default())
        .map(|d| p.analyze(d.unwrap()))
        .collect()
}

/// Entities by exact string match of a small name list (stands in for NER).
fn add_entities(a: &mut Analysis) {
    let names = [
        ("Hallstatt", EntityType::LOC),
        ("Alexander Scheutz", EntityType::PER),
        ("Oberösterreich", EntityType::LOC),
        ("Salzkammergut", EntityType::LOC),
        ("Seestraße", EntityType::LOC),
        ("L547", EntityType::LOC),
        ("Landeswarnzentrale", EntityType::ORG),
        ("Feuerwehr", EntityType::ORG),
    ];
    for (i, (name, kind)) in names.iter().enumerate() {
        let mentions: Vec<Mention> = a
            .text
            .match_indices(name)
            .map(|(b, m)| {
                let start = a.text[..b].chars().count();
                Mention {
                    start,
                    end: start + m.chars().count(),
                    text: m.to_string(),
                }
            })
            .collect();
        if !mentions.is_empty() {
            a.entities.push(Entity {
                id: format!("e{}", i + 1),
                kind: *kind,
                name: name.to_string(),
                roles: vec![],
                mentions,
                place: None,
                affiliation: None,
            });
        }
    }
}

fn grouping(with_entities: bool) -> HashMap<String, (Option<String>, String)> {
    let mut store = Store::open_in_memory().unwrap();
    let batch: Vec<Prepared> = analyses()
        .into_iter()
        .map(|mut a| {
            if with_entities {
                add_entities(&mut a);
            }
            Prepared::new(a, None)
        })
        .collect();
    store.insert_batch(&batch).unwrap();
    store.recluster(&Default::default()).unwrap();
    if with_entities {
        assert!(store.counts().unwrap().entities > 20);
    }
    let mut st = store
        .connection()
        .prepare(
            "SELECT a.id, d.id, s.id FROM articles a LEFT JOIN articles d ON d.pk = a.duplicate_of
             JOIN articles s ON s.pk = a.story_id",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn fixtures_group_the_same_with_and_without_entities() {
    for with_entities in [false, true] {
        let g = grouping(with_entities);
        let story = |id: &str| g[id].1.clone();
        for id in [
            "copy-salzkammergut-rundschau",
            "copy-alpenpost",
            "copy-donaukurier-online",
        ] {
            assert_eq!(
                g[id].0.as_deref(),
                Some("agency-dpa"),
                "{id} ({with_entities})"
            );
        }
        for id in [
            "report-landesfunk",
            "report-abendblatt-followup",
            "copy-alpenpost",
        ] {
            assert_eq!(story(id), "agency-dpa", "{id} ({with_entities})");
        }
        assert_eq!(
            story("unrelated-tourism"),
            "unrelated-tourism",
            "({with_entities})"
        );
        assert_eq!(g["unrelated-tourism"].0, None);
    }
}
