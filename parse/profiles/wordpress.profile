# WordPress: the post (post_class() marks it "type-post") and its
# comments from wp_list_comments(), self-hosted and WordPress.com; and
# the same page with wpDiscuz comments (versions 5 and 7).
# Keys and format: see netno(1), section PROFILES.
name: wordpress
kind: blog_post
hint: WordPress|type-post
match: (//meta[@name='generator'][starts-with(@content,'WordPress')] | //*[starts-with(@id,'post-')][contains(concat(' ',normalize-space(@class),' '),' type-post ')])[1][not(//div[@id='wpdcom' or @id='wpcomm'])][not(//*[contains(@class,'bbp-reply-content')])]
post: //*[starts-with(@id,'post-')][contains(concat(' ',normalize-space(@class),' '),' type-post ')] | //li[starts-with(@id,'comment-')][contains(concat(' ',normalize-space(@class),' '),' comment ')] | //div[starts-with(@id,'comment-')][contains(concat(' ',normalize-space(@class),' '),' comment ')]
author: self::*[contains(@class,'type-post')]//a[@rel='author' or contains(@href,'/author/')][not(starts-with(normalize-space(.),'http'))] | self::*[contains(@class,'comment')][not(contains(@class,'type-post'))]//*[contains(@class,'comment-author')]//*[contains(concat(' ',normalize-space(@class),' '),' fn ')]
author_url: (self::*[contains(@class,'type-post')]//a[@rel='author' or contains(@href,'/author/')][not(starts-with(normalize-space(.),'http'))] | self::*[contains(@class,'comment')][not(contains(@class,'type-post'))]//*[contains(@class,'comment-author')]//a[contains(@class,'url')])/@href
date: self::*[contains(@class,'type-post')]//time[contains(@class,'published') or contains(@class,'entry-date')] | self::*[contains(@class,'type-post')][not(.//time[contains(@class,'published') or contains(@class,'entry-date')])]//*[contains(@class,'post-date') or contains(@class,'posted-on') or contains(@class,'entry-date')] | self::*[contains(@class,'comment')][not(contains(@class,'type-post'))]//*[contains(@class,'comment-metadata') or contains(@class,'commentmetadata')]//time | self::*[contains(@class,'comment')][not(contains(@class,'type-post'))]//*[contains(@class,'comment-metadata') or contains(@class,'commentmetadata')][not(.//time)]//a
text: self::*[contains(@class,'type-post')]//div[contains(@class,'entry-content') or contains(@class,'post-content') or contains(@class,'entry-body')] | self::*[contains(@class,'type-post')][not(.//div[contains(@class,'entry-content') or contains(@class,'post-content') or contains(@class,'entry-body')])] | self::*[contains(@class,'comment')][not(contains(@class,'type-post'))]//div[contains(@class,'comment-content')] | self::*[contains(@class,'comment')][not(contains(@class,'type-post'))]/*[contains(@class,'comment-body')][not(.//*[contains(@class,'comment-content')])]
permalink: self::*[contains(@class,'comment')][not(contains(@class,'type-post'))]//*[contains(@class,'comment-metadata') or contains(@class,'commentmetadata')]//a/@href
native_id: @id
quote: .//blockquote[not(ancestor::div[contains(@class,'entry-content')])]
drop: .//*[contains(@class,'sharedaddy')] | .//*[contains(@class,'reply')][.//a[contains(@class,'comment-reply-link')]] | .//*[contains(@class,'jp-relatedposts')] | .//*[contains(concat(' ',normalize-space(@class),' '),' comment-author ')] | .//*[contains(concat(' ',normalize-space(@class),' '),' comment-meta ')] | self::*[contains(@class,'type-post')]/*[self::h1 or self::h2 or contains(@class,'post-meta') or contains(@class,'entry-meta') or contains(@class,'entry-title')]
next_page: //div[contains(@class,'nav-links')]//a[contains(@class,'next')]/@href

name: wpdiscuz
kind: blog_post
hint: wpdcom|wpcomm
match: //div[@id='wpdcom' or @id='wpcomm']
post: //*[starts-with(@id,'post-')][contains(concat(' ',normalize-space(@class),' '),' type-post ')] | //div[@id='wpdcom' or @id='wpcomm']//div[contains(concat(' ',normalize-space(@class),' '),' wc-comment ') or contains(concat(' ',normalize-space(@class),' '),' wpd-comment ')]
author: self::*[contains(@class,'type-post')]//*[contains(concat(' ',normalize-space(@class),' '),' author ') or contains(@class,'post-author-name')]//a | .//*[contains(@class,'wc-comment-author') or contains(@class,'wpd-comment-author')]
author_url: (self::*[contains(@class,'type-post')]//*[contains(concat(' ',normalize-space(@class),' '),' author ') or contains(@class,'post-author-name')]//a | .//*[contains(@class,'wc-comment-author') or contains(@class,'wpd-comment-author')]//a)/@href
date: self::*[contains(@class,'type-post')]//time | .//*[contains(@class,'wc-comment-date') or contains(@class,'wpd-comment-date')]
text: self::*[contains(@class,'type-post')]//div[contains(@class,'entry-content') or contains(@class,'post-content')] | .//*[contains(@class,'wc-comment-text') or contains(@class,'wpd-comment-text')]
native_id: .//*[starts-with(@id,'comment-')]/@id | self::*[contains(@class,'type-post')]/@id
quote: .//blockquote[ancestor::div[@id='wpdcom' or @id='wpcomm']]
next_page: //div[contains(@class,'nav-links')]//a[contains(@class,'next')]/@href
