<?php
/**
 * Plugin Name:       wpcompat Comments
 * Description:       Hands the theme's comment section to a wpcompat server: the comment list and form become the wpcompat widget (sign-in with WordPress.com, Google, X, Facebook; moderation in wpcompat). Nothing else of the theme changes.
 * Version:           1.0.0
 * Requires at least: 6.0
 * Requires PHP:      7.4
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       wpcompat-comments
 *
 * One file, on purpose: copy it into wp-content/plugins/ and activate it, then set the wpcompat
 * URL under Settings → wpcompat Comments. wpcompat must list this site's origin in
 * WPCOMPAT_FRONTEND_ORIGINS (sign-in then happens in a popup, so it works with third-party
 * cookies blocked). When wpcompat serves this same database in place, comments posted through
 * the widget are WordPress's own rows: the admin, feeds and REST API see them at once.
 *
 * Classic themes call comments_template(): the `comments_template` filter points it back at this
 * file, which then prints the widget (the guard just below). Block themes render the
 * core/comments block (and core/post-comments-form, core/post-comments): `render_block` swaps
 * their markup for the widget.
 */

// Included a second time by comments_template(): print the widget in the theme's place and stop.
if ( function_exists( 'wpcompat_comments_widget' ) ) {
	echo wpcompat_comments_widget( get_the_ID() ); // phpcs:ignore WordPress.Security.EscapeOutput -- built escaped
	return;
}

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'WPCOMPAT_COMMENTS_OPTION', 'wpcompat_comments_url' );

// Declared conditionally: PHP would otherwise declare them when the second include (above) is
// compiled, and fail on the redeclaration before the guard runs.
if ( ! function_exists( 'wpcompat_comments_url' ) ) :

/** The configured wpcompat URL, without a trailing slash ('' when not set yet). */
function wpcompat_comments_url() {
	$url = (string) get_option( WPCOMPAT_COMMENTS_OPTION, '' );
	return untrailingslashit( esc_url_raw( $url, array( 'http', 'https' ) ) );
}

/** The widget's markup for a post: a placeholder and the script that fills it. */
function wpcompat_comments_widget( $post_id ) {
	$base    = wpcompat_comments_url();
	$post_id = (int) $post_id;
	if ( '' === $base || $post_id <= 0 ) {
		return '';
	}
	$target = 'wpcompat-comments-' . $post_id;
	$lang   = 0 === strpos( get_locale(), 'fr' ) ? 'fr' : 'en';
	return sprintf(
		'<section id="comments" class="wpcompat-comments-section"><div id="%1$s"></div>' .
		'<script src="%2$s" data-post="%3$d" data-target="%1$s" data-lang="%4$s" async></script></section>',
		esc_attr( $target ),
		esc_url( $base . '/embed/comments.js' ),
		$post_id,
		esc_attr( $lang )
	);
}

/** Only where the theme would show comments: a single post or page that has them. */
function wpcompat_comments_applies() {
	return '' !== wpcompat_comments_url() && is_singular() && ( comments_open() || get_comments_number() );
}

endif;

// Classic themes: comments_template() includes this file again (see the guard at the top).
add_filter(
	'comments_template',
	function ( $template ) {
		return wpcompat_comments_applies() ? __FILE__ : $template;
	},
	20
);

// Block themes: the comments block (with its list and form) becomes the widget. Inner blocks
// render before their parent, so a form inside core/comments is dropped and the parent (seen
// first by render_block_data) gets the widget; a form block used alone gets it itself.
$GLOBALS['wpcompat_comments_depth'] = 0;
add_filter(
	'render_block_data',
	function ( $block ) {
		if ( isset( $block['blockName'] ) && in_array( $block['blockName'], array( 'core/comments', 'core/post-comments' ), true ) ) {
			++$GLOBALS['wpcompat_comments_depth'];
		}
		return $block;
	}
);
add_filter(
	'render_block',
	function ( $content, $block ) {
		$name = isset( $block['blockName'] ) ? $block['blockName'] : '';
		$outer = in_array( $name, array( 'core/comments', 'core/post-comments' ), true );
		if ( ! $outer && 'core/post-comments-form' !== $name ) {
			return $content;
		}
		if ( $outer ) {
			$GLOBALS['wpcompat_comments_depth'] = max( 0, $GLOBALS['wpcompat_comments_depth'] - 1 );
		} elseif ( $GLOBALS['wpcompat_comments_depth'] > 0 ) {
			return wpcompat_comments_applies() ? '' : $content;
		}
		if ( ! wpcompat_comments_applies() ) {
			return $content;
		}
		static $done = array();
		$post_id = get_the_ID();
		if ( isset( $done[ $post_id ] ) ) {
			// The same block filtered again (core does it for its comments block): keep the widget
			// it already is; any other copy of a comments section on this page goes.
			return false !== strpos( $content, 'wpcompat-comments-section' ) ? $content : '';
		}
		$done[ $post_id ] = true;
		return wpcompat_comments_widget( $post_id );
	},
	10,
	2
);

// Settings → wpcompat Comments: the one setting, the wpcompat URL.
add_action(
	'admin_init',
	function () {
		register_setting(
			'wpcompat_comments',
			WPCOMPAT_COMMENTS_OPTION,
			array(
				'type'              => 'string',
				'sanitize_callback' => function ( $value ) {
					$value = trim( (string) $value );
					return '' === $value ? '' : untrailingslashit( esc_url_raw( $value, array( 'http', 'https' ) ) );
				},
				'default'           => '',
			)
		);
		add_settings_section( 'wpcompat_comments_main', '', '__return_false', 'wpcompat-comments' );
		add_settings_field(
			WPCOMPAT_COMMENTS_OPTION,
			__( 'wpcompat URL', 'wpcompat-comments' ),
			function () {
				printf(
					'<input type="url" class="regular-text code" id="%1$s" name="%1$s" value="%2$s" placeholder="https://comments.example.org">' .
					'<p class="description">%3$s</p>',
					esc_attr( WPCOMPAT_COMMENTS_OPTION ),
					esc_attr( wpcompat_comments_url() ),
					esc_html__( 'The address of the wpcompat server. It must list this site in WPCOMPAT_FRONTEND_ORIGINS.', 'wpcompat-comments' )
				);
			},
			'wpcompat-comments',
			'wpcompat_comments_main',
			array( 'label_for' => WPCOMPAT_COMMENTS_OPTION )
		);
	}
);

add_action(
	'admin_menu',
	function () {
		add_options_page(
			__( 'wpcompat Comments', 'wpcompat-comments' ),
			__( 'wpcompat Comments', 'wpcompat-comments' ),
			'manage_options',
			'wpcompat-comments',
			function () {
				if ( ! current_user_can( 'manage_options' ) ) {
					return;
				}
				echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1><form action="options.php" method="post">';
				settings_fields( 'wpcompat_comments' );
				do_settings_sections( 'wpcompat-comments' );
				submit_button();
				echo '</form></div>';
			}
		);
	}
);
